package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Integrity is what can be proved about an assessment's stored data from
// the file alone: the audit log's hash chain holds, replaying the log gives
// exactly the stored inputs, and a final assessment's inputs still have the
// digest recorded when it was finalized.
//
// Someone who controls the file can rewrite the whole log consistently; that
// is caught only against a digest kept elsewhere, such as the one printed on
// a filed report.
type Integrity struct {
	Audit AuditCheck `json:"audit"`
	// Differences lists stored inputs that disagree with the replayed log.
	Differences []Difference `json:"differences"`
	Final       bool         `json:"final"`
	// Recorded is the digest recorded at finalization ("" for a draft);
	// Current is the digest of the inputs as they are now.
	Recorded string `json:"recorded,omitempty"`
	Current  string `json:"current"`
}

// Modified reports a final assessment whose inputs changed after it was
// finalized.
func (i Integrity) Modified() bool { return i.Final && i.Recorded != i.Current }

// OK reports that nothing was found wrong.
func (i Integrity) OK() bool { return i.Audit.OK && len(i.Differences) == 0 && !i.Modified() }

// Problems says in one line each what was found wrong.
func (i Integrity) Problems() []string {
	var out []string
	if i.Modified() {
		out = append(out, fmt.Sprintf("MODIFIED AFTER FINALIZATION: the inputs now have digest %s, not the %s recorded when it was finalized", i.Current, i.Recorded))
	}
	if !i.Audit.OK {
		out = append(out, "audit log: "+i.Audit.Problem)
	}
	for _, d := range i.Differences {
		out = append(out, "changed outside hipaarisk: "+d.String())
	}
	return out
}

// CheckIntegrity verifies an assessment's audit chain, replays the log
// against the stored inputs and recomputes its digest, all from one read.
func (s *Store) CheckIntegrity(ctx context.Context, id int64) (Integrity, error) {
	var in Integrity
	err := s.read(ctx, "verify assessment", func(tx *sql.Tx) error {
		var err error
		in, err = checkIntegrity(ctx, tx, id)
		return err
	})
	return in, err
}

func checkIntegrity(ctx context.Context, tx *sql.Tx, id int64) (Integrity, error) {
	var in Integrity
	var headSeq int64
	var head, rowDigest string
	err := tx.QueryRowContext(ctx, `SELECT audit_seq, audit_head, digest FROM assessment WHERE id = ?`, id).Scan(&headSeq, &head, &rowDigest)
	if errors.Is(err, sql.ErrNoRows) {
		return in, fmt.Errorf("assessment %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return in, err
	}
	err = tx.QueryRowContext(ctx, `SELECT digest FROM final_lock WHERE assessment_id = ?`, id).Scan(&in.Recorded)
	switch {
	case err == nil:
		in.Final = true
	case errors.Is(err, sql.ErrNoRows):
		in.Recorded = ""
	default:
		return in, err
	}
	entries, err := loadAudit(ctx, tx, id)
	if err != nil {
		return in, err
	}
	in.Audit = verifyChain(id, entries, headSeq, head)
	r, err := replay(entries)
	if err != nil {
		in.Audit.OK, in.Audit.Problem = false, err.Error()
	} else if in.Differences, err = compareReplay(ctx, tx, id, r); err != nil {
		return in, err
	}
	if in.Final && rowDigest != in.Recorded {
		in.Differences = append(in.Differences, Difference{Table: "assessment", Row: fmt.Sprint(id), Field: "digest", Stored: rowDigest, Logged: in.Recorded})
	}
	in.Current, err = digestOf(ctx, tx, id)
	return in, err
}
