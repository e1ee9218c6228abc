package store

import (
	"context"
	"fmt"
	"time"
)

const (
	wantSQL = `INSERT INTO question_wants (item_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING`
	// questionStateSQL reads what a list shows of a question: its answers
	// (those seen alike, as countAnswerSQL counts them) and when the
	// newest came, the answer that solved it, and how many others want
	// to know.
	questionStateSQL = `SELECT q.answers,
		COALESCE((SELECT MAX(a.created_at) FROM items a WHERE a.question_id = q.id AND a.private = q.private), 0),
		COALESCE((SELECT s.num FROM items s WHERE s.id = q.solved_by), 0),
		(SELECT COUNT(*) FROM question_wants w WHERE w.item_id = q.id)
		FROM items q WHERE q.id = ? AND q.kind = 'Q'`
	solveSQL        = `UPDATE items SET solved_by = ?2 WHERE id = ?1 AND kind = 'Q'`
	forgetWantsSQL  = `DELETE FROM question_wants WHERE member_id = ?`
	mergeWantsSQL   = `INSERT INTO question_wants (item_id, member_id) SELECT item_id, ?1 FROM question_wants WHERE member_id = ?2 ON CONFLICT DO NOTHING`
	unmergeWantsSQL = `DELETE FROM question_wants WHERE member_id = ?2`
)

// QuestionState is where a question stands.
type QuestionState struct {
	Answers    int       // its answers, seen where it is
	LastAnswer time.Time // when the newest came; zero with none
	SolvedBy   int64     // the number of the answer that solved it (A<SolvedBy>); 0 while open
	Wants      int       // how many others want to know its answer
}

// QuestionState reads where question id stands; ErrNotFound if it is no
// question.
func (s *Store) QuestionState(ctx context.Context, id int64) (QuestionState, error) {
	var st QuestionState
	var last int64
	err := s.rdb.QueryRowContext(ctx, questionStateSQL, id).Scan(&st.Answers, &last, &st.SolvedBy, &st.Wants)
	if err != nil {
		return QuestionState{}, notFound(err)
	}
	if last != 0 {
		st.LastAnswer = fromMS(last)
	}
	return st, nil
}

// WantToKnow counts member among those who want to know question id's
// answer, once; it reports whether she was not counted yet.
func (s *Store) WantToKnow(ctx context.Context, id, member int64) (bool, error) {
	res, err := s.exec(ctx, wantSQL, id, member)
	if err != nil {
		return false, fmt.Errorf("want to know: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Solve marks answer as what solved question: the question is no longer
// open. Marking another answer replaces it.
func (s *Store) Solve(ctx context.Context, question, answer int64) error {
	_, err := s.exec(ctx, solveSQL, question, answer)
	return wrap("solve", err)
}

// ItemByID loads an item by its row ID; ErrNotFound if none.
func (s *Store) ItemByID(ctx context.Context, id int64) (Item, error) {
	return s.loadItem(ctx, itemByIDSQL, id)
}
