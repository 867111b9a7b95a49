package export

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Page geometry in millimetres (US Letter, portrait).
const (
	pageW     = 215.9
	pageH     = 279.4
	marginX   = 16.0
	marginTop = 20.0
	marginBot = 18.0
	contentW  = pageW - 2*marginX
	lineH     = 4.6 // body line height at bodySize
	bodySize  = 9.5
	smallSize = 8.0
)

// sans is the font family registered in every document (Go Regular, Bold
// and Italic).
const sans = "gosans"

// rgb is a fill or text colour.
type rgb struct{ r, g, b int }

var (
	black    = rgb{0, 0, 0}
	grey     = rgb{90, 90, 90}
	headFill = rgb{40, 62, 92}
	white    = rgb{255, 255, 255}
)

// levelFill colours the five risk levels (always printed beside the level's
// name, never used alone).
var levelFill = map[int]rgb{
	1: {200, 230, 201}, // very low
	2: {220, 237, 170}, // low
	3: {255, 236, 153}, // moderate
	4: {255, 190, 130}, // high
	5: {239, 134, 134}, // very high
}

// layout is what a rendering pass learns about page numbers; the second pass
// prints them.
type layout struct {
	sectionPage []int // page where each numbered section starts
	pages       int
}

// pdfDoc wraps a gofpdf document with the report's page furniture and the
// helpers every section uses.
type pdfDoc struct {
	f      *gofpdf.Fpdf
	header string // practice name in the page header
	draft  bool
	prev   layout // page numbers from the previous pass (zero on the first)
	cur    layout
}

func newPDFDoc(header string, draft bool, prev layout, generated time.Time, meta [3]string) *pdfDoc {
	f := gofpdf.NewCustom(&gofpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "mm",
		Size:           gofpdf.SizeType{Wd: pageW, Ht: pageH},
	})
	d := &pdfDoc{f: f, header: clean(header), draft: draft, prev: prev}
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetCreationDate(generated)
	f.SetModificationDate(generated)
	f.AddUTF8FontFromBytes(sans, "", goregular.TTF)
	f.AddUTF8FontFromBytes(sans, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(sans, "I", goitalic.TTF)
	f.SetTitle(clean(meta[0]), true)
	f.SetAuthor(clean(meta[1]), true)
	f.SetCreator(clean(meta[2]), true)
	f.SetProducer(clean(meta[2]), true)
	f.SetMargins(marginX, marginTop, marginX)
	f.SetAutoPageBreak(true, marginBot)
	f.SetHeaderFunc(d.pageHeader)
	f.SetFooterFunc(d.pageFooter)
	return d
}

func (d *pdfDoc) pageHeader() {
	f := d.f
	if d.draft {
		// A large pale diagonal mark behind the page's content.
		f.SetFont(sans, "B", 110)
		d.color(rgb{228, 228, 228})
		f.TransformBegin()
		f.TransformRotate(55, pageW/2, pageH/2)
		w := f.GetStringWidth("DRAFT")
		f.Text(pageW/2-w/2, pageH/2+15, "DRAFT")
		f.TransformEnd()
	}
	f.SetFont(sans, "", smallSize)
	d.color(grey)
	f.SetXY(marginX, 8)
	f.CellFormat(contentW*0.7, 5, d.fit(d.header, contentW*0.7), "", 0, "L", false, 0, "")
	label := "Confidential"
	if d.draft {
		label = "DRAFT - Confidential"
	}
	f.CellFormat(contentW*0.3, 5, label, "", 0, "R", false, 0, "")
	f.SetDrawColor(180, 180, 180)
	f.SetLineWidth(0.2)
	f.Line(marginX, 14, pageW-marginX, 14)
	d.color(black)
	f.SetXY(marginX, marginTop)
}

func (d *pdfDoc) pageFooter() {
	f := d.f
	f.SetFont(sans, "", smallSize)
	d.color(grey)
	f.SetXY(marginX, pageH-12)
	f.CellFormat(contentW, 5, fmt.Sprintf("Page %d of %d", f.PageNo(), d.prev.pages), "", 0, "C", false, 0, "")
	d.color(black)
}

// finish records the page count of this pass.
func (d *pdfDoc) finish() error {
	d.cur.pages = d.f.PageNo()
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("render pdf: %w", err)
	}
	return nil
}

func (d *pdfDoc) color(c rgb) { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *pdfDoc) fill(c rgb)  { d.f.SetFillColor(c.r, c.g, c.b) }

func (d *pdfDoc) body() {
	d.f.SetFont(sans, "", bodySize)
	d.color(black)
}

// section starts numbered section n (1-based) on a new page, with a bookmark.
func (d *pdfDoc) section(n int, title string) {
	f := d.f
	f.AddPage()
	for len(d.cur.sectionPage) < n {
		d.cur.sectionPage = append(d.cur.sectionPage, 0)
	}
	d.cur.sectionPage[n-1] = f.PageNo()
	f.Bookmark(title, 0, -1)
	f.SetFont(sans, "B", 16)
	d.color(headFill)
	f.CellFormat(contentW, 9, fmt.Sprintf("%d. %s", n, title), "", 1, "L", false, 0, "")
	f.SetDrawColor(headFill.r, headFill.g, headFill.b)
	f.SetLineWidth(0.5)
	f.Line(marginX, f.GetY(), pageW-marginX, f.GetY())
	f.Ln(3)
	d.body()
}

// sub prints a sub-heading with a second-level bookmark, moving to a new
// page when fewer than need millimetres would remain below it.
func (d *pdfDoc) sub(title string, need float64) {
	f := d.f
	d.ensure(9 + need)
	f.Ln(2)
	f.Bookmark(title, 1, -1)
	f.SetFont(sans, "B", 12)
	d.color(headFill)
	f.MultiCell(contentW, 6, clean(title), "", "L", false)
	f.Ln(1)
	d.body()
}

// ensure starts a new page unless h millimetres remain above the bottom margin.
func (d *pdfDoc) ensure(h float64) {
	if d.f.GetY()+h > pageH-marginBot {
		d.f.AddPage()
	}
}

// para prints wrapped body text.
func (d *pdfDoc) para(s string) {
	d.body()
	d.f.MultiCell(contentW, lineH, d.wrap(s, contentW), "", "L", false)
	d.f.Ln(1.5)
}

// note prints wrapped small italic text.
func (d *pdfDoc) note(s string) {
	d.f.SetFont(sans, "I", smallSize)
	d.color(grey)
	d.f.MultiCell(contentW, 4, d.wrap(s, contentW), "", "L", false)
	d.f.Ln(1)
	d.body()
}

// box prints text in a bordered, filled box the width of the page. A box
// longer than the space left continues on the next page.
func (d *pdfDoc) box(title, text string, fill rgb) {
	f := d.f
	f.SetFont(sans, "", bodySize)
	lines := d.lines(text, contentW-4)
	const titleH, pad = 5.5, 1.5
	d.ensure(titleH + 2*pad + 2*lineH)
	for first := true; first || len(lines) > 0; first = false {
		head := 0.0
		if first {
			head = titleH
		}
		x, y := marginX, f.GetY()
		n := min(len(lines), int((pageH-marginBot-y-head-2*pad)/lineH))
		h := head + float64(n)*lineH + 2*pad
		d.fill(fill)
		f.SetDrawColor(60, 60, 60)
		f.SetLineWidth(0.4)
		f.Rect(x, y, contentW, h, "FD")
		f.SetXY(x+2, y+pad)
		if first {
			f.SetFont(sans, "B", 10.5)
			f.CellFormat(contentW-4, titleH, clean(title), "", 2, "L", false, 0, "")
			f.SetFont(sans, "", bodySize)
		}
		for _, l := range lines[:n] {
			f.SetX(x + 2)
			f.CellFormat(contentW-4, lineH, l, "", 2, "L", false, 0, "")
		}
		lines = lines[n:]
		f.SetXY(x, y+h+3)
		if len(lines) > 0 {
			f.AddPage()
		}
	}
}

// keyValues prints label/value pairs as a two-column block.
func (d *pdfDoc) keyValues(labelW float64, kv [][2]string) {
	f := d.f
	for _, p := range kv {
		f.SetFont(sans, "", bodySize)
		lines := d.lines(p[1], contentW-labelW)
		d.ensure(float64(len(lines)) * lineH)
		y := f.GetY()
		f.SetFont(sans, "B", bodySize)
		f.CellFormat(labelW, lineH, clean(p[0]), "", 0, "L", false, 0, "")
		f.SetFont(sans, "", bodySize)
		for i, l := range lines {
			f.SetXY(marginX+labelW, y+float64(i)*lineH)
			f.CellFormat(contentW-labelW, lineH, l, "", 0, "L", false, 0, "")
		}
		f.SetXY(marginX, y+float64(max(len(lines), 1))*lineH)
	}
	f.Ln(2)
}

// hbars draws a horizontal bar chart: each bar's label and value are printed
// as text beside it, so nothing depends on colour.
func (d *pdfDoc) hbars(labels []string, values []float64, unit string, maxV float64, fills []rgb) {
	f := d.f
	const labelW, valueW, barH, gap = 48.0, 22.0, 5.0, 2.0
	d.ensure(float64(len(labels))*(barH+gap) + 4)
	barW := contentW - labelW - valueW
	if maxV <= 0 {
		maxV = 1
	}
	f.SetFont(sans, "", bodySize)
	for i, l := range labels {
		y := f.GetY()
		f.SetXY(marginX, y)
		f.CellFormat(labelW, barH, d.fit(l, labelW), "", 0, "L", false, 0, "")
		w := barW * math.Min(values[i]/maxV, 1)
		f.SetDrawColor(80, 80, 80)
		f.SetLineWidth(0.2)
		f.Rect(marginX+labelW, y+0.5, barW, barH-1, "D")
		if w > 0 {
			d.fill(fills[i%len(fills)])
			f.Rect(marginX+labelW, y+0.5, w, barH-1, "FD")
		}
		f.SetXY(marginX+labelW+barW, y)
		f.CellFormat(valueW, barH, formatValue(values[i], unit), "", 0, "R", false, 0, "")
		f.SetXY(marginX, y+barH+gap)
	}
	f.Ln(2)
}

func formatValue(v float64, unit string) string {
	if unit == "%" {
		return fmt.Sprintf("%.0f%%", v)
	}
	return fmt.Sprintf("%.0f%s", v, unit)
}

var (
	coverageOnce sync.Once
	coverage     []bool // runes below 0x10000 the embedded fonts can draw
)

// clean makes s printable with the embedded fonts: tabs become spaces,
// carriage returns disappear, and other control characters and runes the
// fonts lack become '?'.
func clean(s string) string {
	coverageOnce.Do(loadCoverage)
	ok := true
	for _, r := range s {
		if r != '\n' && (r < 0x20 || r >= 0x7f) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r == '\r':
		case r < 0x10000 && coverage[r]:
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

func loadCoverage() {
	coverage = make([]bool, 0x10000)
	for r := rune(0x20); r < 0x7f; r++ {
		coverage[r] = true
	}
	fnt, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return // ASCII only: the embedded font always covers it
	}
	var buf sfnt.Buffer
	for r := rune(0xa0); r < 0x10000; r++ {
		if gi, err := fnt.GlyphIndex(&buf, r); err == nil && gi != 0 {
			coverage[r] = true
		}
	}
}
