package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

const (
	pollNumberSQL = `INSERT INTO item_numbers (kind, last) VALUES ('P', 1)
		ON CONFLICT (kind) DO UPDATE SET last = last + 1 RETURNING last`
	insertPollSQL = `INSERT INTO polls (num, author_id, group_id, lab_wide, created_at)
		VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?)`
	insertPollPostSQL = `INSERT INTO poll_posts (poll_id, chat, lang, question, options, selectable, secret, msg_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	pollColumns = `p.id, p.num, COALESCE(p.author_id, 0), COALESCE(m.name, ''), COALESCE(p.group_id, 0), p.lab_wide,
		p.created_at, COALESCE(p.closed_at, 0)`
	pollFrom       = ` FROM polls p LEFT JOIN members m ON m.id = p.author_id`
	pollByNumSQL   = `SELECT ` + pollColumns + pollFrom + ` WHERE p.num = ?`
	pollsSinceSQL  = `SELECT ` + pollColumns + pollFrom + ` WHERE p.created_at < ?2 AND (p.created_at >= ?1 OR p.closed_at >= ?1 OR p.closed_at IS NULL) ORDER BY p.num`
	pollsAllSQL    = `SELECT ` + pollColumns + pollFrom + ` ORDER BY p.num`
	postColumns    = `id, poll_id, chat, lang, question, options, selectable, secret, msg_id`
	postsOfPollSQL = `SELECT ` + postColumns + ` FROM poll_posts WHERE poll_id = ? ORDER BY id`
	postByMsgSQL   = `SELECT ` + postColumns + ` FROM poll_posts WHERE msg_id = ?`
	closePollSQL   = `UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL`
	votesOfPollSQL = `SELECT v.post_id, v.choices FROM poll_votes v JOIN poll_posts pp ON pp.id = v.post_id WHERE pp.poll_id = ?`
	// putVoteSQL keeps a vote while its poll is open: a closed poll's
	// result stays the one posted.
	putVoteSQL = `INSERT INTO poll_votes (post_id, member_id, choices, voted_at) SELECT ?1, ?2, ?3, ?4
		WHERE (SELECT p.closed_at FROM polls p JOIN poll_posts pp ON pp.poll_id = p.id WHERE pp.id = ?1) IS NULL
		ON CONFLICT (post_id, member_id) DO UPDATE SET choices = excluded.choices, voted_at = excluded.voted_at
		WHERE excluded.voted_at >= poll_votes.voted_at`
)

// Poll is one question asked with WhatsApp's poll (P#): one post in a
// member's group, or one in every partner group for a Lab-wide poll.
type Poll struct {
	ID         int64
	Num        int64
	AuthorID   int64  // 0 once she is forgotten
	AuthorName string // "" then
	GroupID    int64  // the group a member asked in; 0 for a Lab-wide poll
	LabWide    bool
	Created    time.Time
	Closed     time.Time // zero while open
	Posts      []PollPost
}

// Ref is how members type the poll: P4.
func (p Poll) Ref() string { return "P" + strconv.FormatInt(p.Num, 10) }

// PollPost is one WhatsApp poll: the poll as one group reads it. Options
// correspond by position across a poll's posts.
type PollPost struct {
	ID         int64
	PollID     int64
	Chat       string
	Lang       string
	Question   string
	Options    []string // as sent: a vote names them by their hashes
	Selectable int      // how many options one may choose; 0 for any
	Secret     []byte   // the message secret votes are encrypted with
	MsgID      string   // the outbox message it went out as
}

// PollTally counts a poll's votes by option position, in each post.
type PollTally struct {
	Posts []PostTally // in the order of Poll.Posts
}

// PostTally is one WhatsApp poll's count.
type PostTally struct {
	PostID int64
	Counts []int // by option position
	Voters int   // members with a vote that chooses something
}

// Total adds the posts' counts by position, and their voters.
func (t PollTally) Total() PostTally {
	var sum PostTally
	for _, p := range t.Posts {
		if len(sum.Counts) < len(p.Counts) {
			sum.Counts = append(sum.Counts, make([]int, len(p.Counts)-len(sum.Counts))...)
		}
		for i, n := range p.Counts {
			sum.Counts[i] += n
		}
		sum.Voters += p.Voters
	}
	return sum
}

// AddPoll records p and its posts, whose MsgIDs the outbox rows that post
// them carry, and gives p its number.
func (tx *Tx) AddPoll(ctx context.Context, p *Poll, now time.Time) error {
	if tx.done {
		return errTxDone
	}
	if err := addPoll(ctx, tx.q, p, now); err != nil {
		return fmt.Errorf("add poll: %w", err)
	}
	return nil
}

func addPoll(ctx context.Context, q querier, p *Poll, now time.Time) error {
	if err := q.QueryRowContext(ctx, pollNumberSQL).Scan(&p.Num); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, insertPollSQL, p.Num, p.AuthorID, p.GroupID, p.LabWide, ms(now))
	if err != nil {
		return err
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	p.Created = fromMS(ms(now))
	for i := range p.Posts {
		pp := &p.Posts[i]
		opts, err := json.Marshal(pp.Options)
		if err != nil {
			return err
		}
		pp.PollID = p.ID
		res, err := q.ExecContext(ctx, insertPollPostSQL, p.ID, pp.Chat, pp.Lang, pp.Question, string(opts),
			pp.Selectable, pp.Secret, pp.MsgID)
		if err != nil {
			return err
		}
		if pp.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	}
	return nil
}

// PollByNum finds poll P<num> with its posts; ErrNotFound when there is none.
func (s *Store) PollByNum(ctx context.Context, num int64) (Poll, error) {
	p, err := scanPoll(s.rdb.QueryRowContext(ctx, pollByNumSQL, num))
	if err != nil {
		return Poll{}, notFound(err)
	}
	p.Posts, err = s.pollPosts(ctx, p.ID)
	return p, err
}

// PollPostByMsgID finds the WhatsApp poll labbot sent as msgID: what a
// vote is read with. ErrNotFound for a message that is no poll of labbot's.
func (s *Store) PollPostByMsgID(ctx context.Context, msgID string) (PollPost, error) {
	pp, err := scanPollPost(s.rdb.QueryRowContext(ctx, postByMsgSQL, msgID))
	return pp, notFound(err)
}

// Polls lists the polls open at some time in [from, to): asked then, closed
// then, or still open; all of them when from and to are zero.
func (s *Store) Polls(ctx context.Context, from, to time.Time) ([]Poll, error) {
	query, args := pollsSinceSQL, []any{ms(from), ms(to)}
	if from.IsZero() && to.IsZero() {
		query, args = pollsAllSQL, nil
	}
	rows, err := s.rdb.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("polls: %w", err)
	}
	var polls []Poll
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		polls = append(polls, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range polls {
		if polls[i].Posts, err = s.pollPosts(ctx, polls[i].ID); err != nil {
			return nil, err
		}
	}
	return polls, nil
}

func (s *Store) pollPosts(ctx context.Context, pollID int64) ([]PollPost, error) {
	rows, err := s.rdb.QueryContext(ctx, postsOfPollSQL, pollID)
	if err != nil {
		return nil, fmt.Errorf("poll posts: %w", err)
	}
	defer rows.Close()
	var posts []PollPost
	for rows.Next() {
		pp, err := scanPollPost(rows)
		if err != nil {
			return nil, err
		}
		posts = append(posts, pp)
	}
	return posts, rows.Err()
}

// ClosePoll closes a poll; false when it was closed already.
func (s *Store) ClosePoll(ctx context.Context, pollID int64, now time.Time) (bool, error) {
	return s.changed(ctx, "close poll", closePollSQL, ms(now), pollID)
}

// Vote keeps memberID's choices (option positions) in the WhatsApp poll
// postID, in place of any vote of hers before it, as WhatsApp does. A vote
// older than the one kept (a redelivery out of order) changes nothing. No
// choices: she took her vote back.
func (s *Store) Vote(ctx context.Context, postID, memberID int64, choices []int, at time.Time) error {
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = strconv.Itoa(c)
	}
	_, err := s.exec(ctx, putVoteSQL, postID, memberID, strings.Join(parts, ","), ms(at))
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	return nil
}

// Tally counts p's votes by option position, post by post.
func (s *Store) Tally(ctx context.Context, p Poll) (PollTally, error) {
	t := PollTally{Posts: make([]PostTally, len(p.Posts))}
	at := map[int64]*PostTally{}
	for i, pp := range p.Posts {
		t.Posts[i] = PostTally{PostID: pp.ID, Counts: make([]int, len(pp.Options))}
		at[pp.ID] = &t.Posts[i]
	}
	rows, err := s.rdb.QueryContext(ctx, votesOfPollSQL, p.ID)
	if err != nil {
		return t, fmt.Errorf("tally: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var post int64
		var choices string
		if err := rows.Scan(&post, &choices); err != nil {
			return t, err
		}
		if pt := at[post]; pt != nil && countVote(pt, choices) {
			pt.Voters++
		}
	}
	return t, rows.Err()
}

// countVote adds one vote's choices to pt; false when it chose nothing
// that is an option.
func countVote(pt *PostTally, choices string) bool {
	counted := false
	for c := range strings.SplitSeq(choices, ",") {
		i, err := strconv.Atoi(c)
		if err == nil && i >= 0 && i < len(pt.Counts) {
			pt.Counts[i]++
			counted = true
		}
	}
	return counted
}

func scanPoll(row scanner) (Poll, error) {
	var p Poll
	var created, closed int64
	err := row.Scan(&p.ID, &p.Num, &p.AuthorID, &p.AuthorName, &p.GroupID, &p.LabWide, &created, &closed)
	if err != nil {
		return Poll{}, err
	}
	p.Created = fromMS(created)
	if closed != 0 {
		p.Closed = fromMS(closed)
	}
	return p, nil
}

func scanPollPost(row scanner) (PollPost, error) {
	var pp PollPost
	var opts string
	err := row.Scan(&pp.ID, &pp.PollID, &pp.Chat, &pp.Lang, &pp.Question, &opts, &pp.Selectable, &pp.Secret, &pp.MsgID)
	if err != nil {
		return PollPost{}, err
	}
	if err := json.Unmarshal([]byte(opts), &pp.Options); err != nil {
		return PollPost{}, fmt.Errorf("poll post %d: %w", pp.ID, err)
	}
	return pp, nil
}
