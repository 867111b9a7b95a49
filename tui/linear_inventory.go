package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hipaarisk/hipaarisk/assessment"
	"github.com/hipaarisk/hipaarisk/questionnaire"
)

// kindLabels are the plain words for the asset kinds.
var kindLabels = map[string]string{
	"ehr": "health record system (EHR)", "server": "server", "workstation": "desktop computer",
	"laptop": "laptop", "mobile": "phone or tablet", "removable_media": "USB drive or other removable media",
	"cloud_storage": "cloud storage", "database": "database", "backup": "backup",
	"network": "network equipment", "paper": "paper records", "other": "something else",
}

func kindLabel(k string) string {
	if s, ok := kindLabels[k]; ok {
		return s
	}
	return strings.ReplaceAll(k, "_", " ")
}

// The choices of an inventory, in their order.
const (
	invAdd = iota
	invEdit
	invDelete
	invBack
)

// inventory lists the assets (or vendors) and adds, changes or deletes
// one.
func (l *linear) inventory(vendors bool) error {
	what, whats := "asset", "Assets holding patient information"
	if vendors {
		what, whats = "vendor", "Vendors and business associates"
	}
	for {
		s, err := l.fresh()
		if err != nil {
			return err
		}
		rows := inventoryRows(s, vendors)
		if len(rows) == 0 {
			l.c.say("%s: none listed yet.", whats)
		} else {
			l.c.say("%s:", whats)
			for i, r := range rows {
				l.c.say("%d. %s", i+1, r)
			}
		}
		opts := []string{"Add " + article(what), "Change " + article(what), "Delete " + article(what), "Back to the main menu"}
		if len(rows) == 0 {
			opts[invEdit], opts[invDelete] = "", ""
		}
		i, err := l.c.choose(menu{title: "What next?", label: "Choice", options: opts, current: -1})
		if err != nil {
			return err
		}
		switch i {
		case invBack:
			return nil
		case invAdd:
			err = l.editEntry(vendors, -1)
		case invEdit, invDelete:
			var n int
			n, err = l.c.choose(menu{title: "Which " + what + "?", label: capitalize(what), options: rows, current: -1})
			if err == nil && i == invEdit {
				err = l.editEntry(vendors, n)
			} else if err == nil {
				err = l.deleteEntry(vendors, n)
			}
		}
		if !l.settle(err) {
			return err
		}
	}
}

func article(what string) string {
	if strings.ContainsRune("aeiou", rune(what[0])) {
		return "an " + what
	}
	return "a " + what
}

// inventoryRows describe each entry on one line.
func inventoryRows(s *session, vendors bool) []string {
	var rows []string
	if vendors {
		for _, v := range s.l.Inputs.Vendors {
			baa := "no business associate agreement"
			if v.BAASigned {
				baa = strings.TrimSpace("agreement signed " + v.BAADate)
			}
			row := fmt.Sprintf("%s, %s; patient information: %s; %s", v.Name, orNone(v.Service), yesNo(v.HoldsEPHI), baa)
			rows = append(rows, withNote(row, v.Notes, v.CarriedForward))
		}
		return rows
	}
	for _, a := range s.l.Inputs.Assets {
		row := fmt.Sprintf("%s, %s; patient information: %s; encrypted: %s", a.Name, kindLabel(a.Kind), yesNo(a.HoldsEPHI), encryptionLabel(a.Encrypted))
		if a.Location != "" {
			row += "; at " + a.Location
		}
		rows = append(rows, withNote(row, a.Notes, a.CarriedForward))
	}
	return rows
}

func withNote(row, note string, carried bool) string {
	if note != "" {
		row += "; note: " + note
	}
	if carried {
		row += " (carried forward; confirm it by changing it)"
	}
	return row
}

func orNone(s string) string {
	if s == "" {
		return "no service given"
	}
	return s
}

var encryptions = []assessment.Encryption{assessment.EncryptionYes, assessment.EncryptionNo, assessment.EncryptionUnknown}

func encryptionLabel(e assessment.Encryption) string {
	switch e {
	case assessment.EncryptionYes:
		return "yes"
	case assessment.EncryptionNo:
		return "no"
	}
	return "not known"
}

func (l *linear) deleteEntry(vendors bool, n int) error {
	s := l.s
	var name string
	var del func(ctx context.Context) error
	if vendors {
		v := s.l.Inputs.Vendors[n]
		name, del = v.Name, func(ctx context.Context) error { return l.a.core.DeleteVendor(ctx, s.id, v.ID) }
	} else {
		a := s.l.Inputs.Assets[n]
		name, del = a.Name, func(ctx context.Context) error { return l.a.core.DeleteAsset(ctx, s.id, a.ID) }
	}
	yes, err := l.c.confirm("Delete "+name, "", nil)
	if err != nil || !yes {
		return err
	}
	if err := l.save("the removal of "+name, del); err != nil {
		return err
	}
	l.c.say("Deleted %s.", name)
	return nil
}

// editEntry asks an entry's fields one by one (n < 0: a new one). A new
// entry is saved as soon as it has a name, and every field after it as it
// is given.
func (l *linear) editEntry(vendors bool, n int) error {
	if vendors {
		v := assessment.Vendor{HoldsEPHI: true}
		if n >= 0 {
			v = l.s.l.Inputs.Vendors[n]
		}
		return l.editVendor(v)
	}
	a := assessment.Asset{HoldsEPHI: true, Encrypted: assessment.EncryptionUnknown, Kind: "workstation"}
	if n >= 0 {
		a = l.s.l.Inputs.Assets[n]
	}
	return l.editAsset(a)
}

// field is one text field of an entry: its prompt, help and value.
func (l *linear) field(label, help string, required bool, val *string, save func() error) func() error {
	return func() error {
		return l.c.ask(text{label: label, help: help, current: *val, required: required, set: func(s string) error {
			old := *val
			*val = s
			if err := save(); err != nil {
				*val = old
				return err
			}
			return nil
		}})
	}
}

// flagField is one yes-or-no field of an entry.
func (l *linear) flagField(label, help string, val *bool, save func() error) func() error {
	return func() error {
		return l.c.keep(func() error {
			v, err := l.c.confirm(label, help, val)
			if err != nil || v == *val {
				return err
			}
			*val = v
			if err := save(); err != nil {
				*val = !v
				return err
			}
			return nil
		})
	}
}

func (l *linear) editAsset(a assessment.Asset) error {
	id := l.s.id
	save := func() error {
		return l.save("the asset", func(ctx context.Context) error {
			nid, err := l.a.core.SaveAsset(ctx, id, a)
			a.ID = nid
			return err
		})
	}
	kinds := make([]string, len(questionnaire.AssetKinds))
	for i, k := range questionnaire.AssetKinds {
		kinds[i] = kindLabel(k)
	}
	err := walk(
		l.field("Name", "For example: front desk PC, billing laptop, EHR.", true, &a.Name, save),
		func() error {
			return l.c.keep(func() error {
				i, err := l.c.choose(menu{title: "What kind of asset is it?", label: "Kind", options: kinds,
					current: slices.Index(questionnaire.AssetKinds, a.Kind)})
				if err != nil || questionnaire.AssetKinds[i] == a.Kind {
					return err
				}
				a.Kind = questionnaire.AssetKinds[i]
				return save()
			})
		},
		l.field("Where it is", "The room, site or service.", false, &a.Location, save),
		l.field("Who looks after it", "A person or role.", false, &a.Owner, save),
		l.flagField("Does it hold patient information", "Answer y if it creates, receives, keeps or sends patient information.", &a.HoldsEPHI, save),
		func() error {
			return l.c.keep(func() error {
				i, err := l.c.choose(menu{title: "Is it encrypted at rest?", label: "Encrypted", options: []string{"Yes", "No", "Don't know"},
					current: slices.Index(encryptions, a.Encrypted)})
				if err != nil || encryptions[i] == a.Encrypted {
					return err
				}
				a.Encrypted = encryptions[i]
				return save()
			})
		},
		l.field("How it is encrypted", "For example: BitLocker, FileVault.", false, &a.EncryptionNote, save),
		l.field("Notes", "Anything else worth recording.", false, &a.Notes, save),
	)
	if a.ID != 0 {
		l.c.say("Saved the asset %s.", a.Name)
	}
	return err
}

func (l *linear) editVendor(v assessment.Vendor) error {
	id := l.s.id
	save := func() error {
		return l.save("the vendor", func(ctx context.Context) error {
			nid, err := l.a.core.SaveVendor(ctx, id, v)
			v.ID = nid
			return err
		})
	}
	date := func() error {
		return l.c.ask(text{label: "Date the agreement was signed, YYYY-MM-DD", current: v.BAADate, help: "For example 2025-03-31.",
			set: func(s string) error {
				if err := validDate(s); err != nil {
					return err
				}
				old := v.BAADate
				v.BAADate = s
				if err := save(); err != nil {
					v.BAADate = old
					return err
				}
				return nil
			}})
	}
	err := walk(
		l.field("Vendor name", "The company or person outside the practice.", true, &v.Name, save),
		l.field("What they do for the practice", "For example: billing, IT support, hosting.", false, &v.Service, save),
		l.flagField("Do they create, receive, keep or send patient information", "", &v.HoldsEPHI, save),
		l.flagField("Is a business associate agreement signed", "HIPAA requires one with every vendor that handles patient information.", &v.BAASigned, save),
		func() error {
			if !v.BAASigned {
				return errSkip
			}
			return date()
		},
		l.field("Notes", "Anything else worth recording.", false, &v.Notes, save),
	)
	if v.ID != 0 {
		l.c.say("Saved the vendor %s.", v.Name)
	}
	return err
}
