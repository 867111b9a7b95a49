package export

import "strings"

// Tables and text fitting: wrapped cells, repeated headers, column widths
// that never split ordinary words, and long tokens broken at separators.

// refTitle is the title of a reference column (ids, citations), printed in
// a smaller grey font so that the text beside it reads first.
const refTitle = "Ref."

// refSize is the font size of reference columns.
const refSize = 6.5

// column is one column of a table: its title and share of the content width.
type column struct {
	title string
	share float64
}

// table prints rows under a header that repeats on every page the table
// spans. Cells wrap; a row taller than a page continues on the next page.
// shade, when not nil, gives a row's fill colour.
func (d *pdfDoc) table(cols []column, rows [][]string, shade func(row int) *rgb) {
	f := d.f
	const size = 8.0
	const lh = 3.9
	const pad = 1.2
	widths := make([]float64, len(cols))
	var total float64
	for _, c := range cols {
		total += c.share
	}
	for i, c := range cols {
		widths[i] = contentW * c.share / total
	}
	d.fitWidths(cols, rows, widths, size)
	header := func() {
		f.SetFont(sans, "B", size)
		var cells [][]string
		for i, c := range cols {
			cells = append(cells, d.lines(c.title, widths[i]))
		}
		h := float64(maxLines(cells))*lh + 2*pad
		d.fill(headFill)
		d.color(white)
		d.row(widths, cells, 0, maxLines(cells), lh, pad, h, true, nil, size)
		d.color(black)
		f.SetFont(sans, "", size)
	}
	f.SetFont(sans, "B", size)
	d.ensure(3*lh + 4*pad + 8)
	header()
	isRef := func(col int) bool { return cols[col].title == refTitle }
	for ri, r := range rows {
		cells := make([][]string, len(cols))
		for i := range cols {
			v := ""
			if i < len(r) {
				v = r[i]
			}
			if isRef(i) {
				f.SetFont(sans, "", refSize)
			}
			cells[i] = d.lines(v, widths[i])
			f.SetFont(sans, "", size)
		}
		n := maxLines(cells)
		fill := false
		if shade != nil {
			if c := shade(ri); c != nil {
				d.fill(*c)
				fill = true
			}
		}
		for start := 0; start < n; {
			avail := int((pageH - marginBot - f.GetY() - 2*pad) / lh)
			if avail < min(n-start, 2) {
				f.AddPage()
				header()
				if fill {
					d.fill(*shade(ri))
				}
				continue
			}
			take := min(avail, n-start)
			d.row(widths, cells, start, start+take, lh, pad, float64(take)*lh+2*pad, fill, isRef, size)
			start += take
		}
	}
	f.Ln(3)
	d.body()
}

// fitWidths widens the columns whose longest word (a level name, an id, a
// date) would not fit on one line, taking the room from the columns that
// have the most to spare, so that ordinary words are never split. A
// column's need is capped at a third of the page: longer tokens (ARNs,
// URLs) still break.
func (d *pdfDoc) fitWidths(cols []column, rows [][]string, widths []float64, size float64) {
	margin := 2*d.f.GetCellMargin() + 0.4
	need := make([]float64, len(cols))
	for i, c := range cols {
		d.f.SetFont(sans, "B", size)
		need[i] = d.longestWord(c.title) + margin
		d.f.SetFont(sans, "", size)
		for _, r := range rows {
			if i < len(r) {
				need[i] = max(need[i], d.longestWord(r[i])+margin)
			}
		}
		need[i] = min(need[i], contentW/3)
	}
	for i := range widths {
		short := need[i] - widths[i]
		for short > 0.01 {
			donor, spare := -1, 0.0
			for j := range widths {
				if s := widths[j] - need[j]; j != i && s > spare {
					donor, spare = j, s
				}
			}
			if donor < 0 {
				break
			}
			take := min(short, spare)
			widths[donor] -= take
			widths[i] += take
			short -= take
		}
	}
}

// row draws lines [from, to) of each cell as one bordered row of height h.
// Columns for which ref says so are printed in the smaller grey font of
// reference columns, and the body font of size is restored after them.
func (d *pdfDoc) row(widths []float64, cells [][]string, from, to int, lh, pad, h float64, fill bool, ref func(col int) bool, size float64) {
	f := d.f
	f.SetDrawColor(150, 150, 150)
	f.SetLineWidth(0.15)
	x, y := marginX, f.GetY()
	style := "D"
	if fill {
		style = "FD"
	}
	for i, w := range widths {
		f.Rect(x, y, w, h, style)
		small := ref != nil && ref(i)
		if small {
			f.SetFont(sans, "", refSize)
			d.color(grey)
		}
		for j := from; j < to && j < len(cells[i]); j++ {
			f.SetXY(x, y+pad+float64(j-from)*lh)
			f.CellFormat(w, lh, cells[i][j], "", 0, "L", false, 0, "")
		}
		if small {
			f.SetFont(sans, "", size)
			d.color(black)
		}
		x += w
	}
	f.SetXY(marginX, y+h)
}

func maxLines(cells [][]string) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

// lines wraps s to width w in the current font, between words only. A word
// wider than the whole width (an ARN, a URL) is broken after one of its
// separators (- / : . _ | ,) where one fits, and only as a last resort
// between two characters; level names and ids of ordinary length are never
// split.
func (d *pdfDoc) lines(s string, w float64) []string {
	s = clean(s)
	if s == "" {
		return []string{""}
	}
	w -= 2 * d.f.GetCellMargin()
	space := d.f.GetStringWidth(" ")
	var out []string
	for _, para := range strings.Split(s, "\n") {
		var line strings.Builder
		lw := 0.0
		flush := func() {
			out = append(out, line.String())
			line.Reset()
			lw = 0
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		for _, word := range words {
			ww := d.f.GetStringWidth(word)
			if line.Len() > 0 && lw+space+ww <= w {
				line.WriteByte(' ')
				line.WriteString(word)
				lw += space + ww
				continue
			}
			if line.Len() > 0 {
				flush()
			}
			if ww <= w {
				line.WriteString(word)
				lw = ww
				continue
			}
			pieces := d.breakWord(word, w)
			out = append(out, pieces[:len(pieces)-1]...)
			line.WriteString(pieces[len(pieces)-1])
			lw = d.f.GetStringWidth(pieces[len(pieces)-1])
		}
		flush()
	}
	return out
}

// breakWord splits a word wider than w into pieces that fit, preferring to
// break after a separator.
func (d *pdfDoc) breakWord(word string, w float64) []string {
	var out []string
	r := []rune(word)
	for len(r) > 0 {
		if d.f.GetStringWidth(string(r)) <= w {
			out = append(out, string(r))
			break
		}
		fit := 1
		for fit < len(r) && d.f.GetStringWidth(string(r[:fit+1])) <= w {
			fit++
		}
		cut := fit
		for k := fit; k > fit/3 && k > 0; k-- {
			if strings.ContainsRune("-/:._|,", r[k-1]) {
				cut = k
				break
			}
		}
		out = append(out, string(r[:cut]))
		r = r[cut:]
	}
	return out
}

// longestWord is the width of the widest word of s in the current font.
func (d *pdfDoc) longestWord(s string) float64 {
	widest := 0.0
	for _, word := range strings.Fields(clean(s)) {
		widest = max(widest, d.f.GetStringWidth(word))
	}
	return widest
}

// wrap is lines joined for MultiCell, which then never needs to break a
// long token itself.
func (d *pdfDoc) wrap(s string, w float64) string {
	return strings.Join(d.lines(s, w), "\n")
}

// fit shortens s with an ellipsis so it fits in width w.
func (d *pdfDoc) fit(s string, w float64) string {
	s = clean(s)
	if d.f.GetStringWidth(s) <= w-2 {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.f.GetStringWidth(string(r)+"...") > w-2 {
		r = r[:len(r)-1]
	}
	return string(r) + "..."
}
