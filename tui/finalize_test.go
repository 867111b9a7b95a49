package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hipaarisk/hipaarisk/assessment"
)

func TestFinalizeFromSummary(t *testing.T) {
	a := testApp(t, nil)
	id := seedAnswered(t, a)
	complete(t, a, id)
	m := start(t, a, 80, 24)
	m = drive(t, m, keySeq("enter", "8", "F")...).(*model)
	v := m.View()
	for _, want := range []string{"Finalize this assessment?", "locked", "carried forward", "Press y"} {
		if !strings.Contains(v, want) {
			t.Errorf("the confirmation lacks %q:\n%s", want, v)
		}
	}
	golden(t, "finalize-confirm-80x24", v)
	m = drive(t, m, keyMsg("y")).(*model)
	as, _ := a.core.Assessment(context.Background(), id)
	if as.Status != assessment.Final {
		t.Fatalf("status %q after y", as.Status)
	}
	if v := m.View(); !strings.Contains(v, as.Digest[:16]) || !strings.Contains(v, "Final since") {
		t.Errorf("the summary does not show the digest %s:\n%s", as.Digest, v)
	}
}

func TestFinalizeNotNowKeepsDraft(t *testing.T) {
	a := testApp(t, nil)
	id := seedAnswered(t, a)
	m := start(t, a, 80, 24)
	drive(t, m, keySeq("enter", "8", "F", "n")...)
	if as, _ := a.core.Assessment(context.Background(), id); as.Status == assessment.Final {
		t.Fatal("n finalized the assessment")
	}
}

func TestFinalizeRefusalListsAndJumps(t *testing.T) {
	a := testApp(t, nil)
	seedAnswered(t, a)
	qs := a.bank.Questions
	a.lock = func(context.Context, int64) (string, error) {
		return "", errors.New("finalize assessment 3: not ready:\n" +
			qs[10].ID + " is not answered\n" +
			"no remediation owner for plan item vendor-baa\n" +
			qs[12].ID + " is flagged for review")
	}
	m := start(t, a, 80, 24)
	m = drive(t, m, keySeq("enter", "8", "F", "y")...).(*model)
	v := m.View()
	for _, want := range []string{"was not finalized", qs[10].ID + " is not answered", "no remediation owner", qs[12].ID} {
		if !strings.Contains(v, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, v)
		}
	}
	golden(t, "finalize-refused-80x24", v)
	m = drive(t, m, keySeq("down", "down", "enter")...).(*model)
	q, ok := m.top().(*question)
	if !ok || q.id != qs[12].ID {
		t.Fatalf("enter on the third item shows %T, want question %s:\n%s", m.top(), qs[12].ID, m.View())
	}
}
