package whatsapp

import (
	"errors"
	"sync"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types"

	"labbot/bot"
)

// groupStates are what labbot knows of whether it can post in each group
// (issue 14, point 13). The session learns it from WhatsApp's events and
// group lists, the transport from sends WhatsApp refused; the transport
// refuses at once, for good, a send that cannot go, instead of trying it
// eight times. Changes wait in pending for the core, which tells staff.
type groupStates struct {
	mu      sync.Mutex
	groups  map[string]*groupState // by chat ID
	pending map[string]bot.GroupState
	changed chan struct{} // holds one token while pending has changes
}

type groupState struct {
	announce bool // only admins may send
	admin    bool // labbot is an admin
	gone     bool // deleted
	out      bool // labbot is not in it
}

func (g groupState) state() bot.GroupState {
	switch {
	case g.gone:
		return bot.GroupGone
	case g.out:
		return bot.GroupNotIn
	case g.announce && !g.admin:
		return bot.GroupAdminsOnly
	}
	return bot.GroupOpen
}

func newGroupStates() *groupStates {
	return &groupStates{groups: map[string]*groupState{}, pending: map[string]bot.GroupState{}, changed: make(chan struct{}, 1)}
}

// update changes what is known of a group. A group seen for the first
// time is passed on whatever its state: the core compares it with what it
// kept, so a group that became postable while labbot was down is known.
func (gs *groupStates) update(jid types.JID, change func(*groupState)) {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	id := jid.String()
	g, known := gs.groups[id]
	if !known {
		g = &groupState{}
		gs.groups[id] = g
	}
	before := g.state()
	change(g)
	if known && g.state() == before {
		return
	}
	gs.pending[id] = g.state()
	select {
	case gs.changed <- struct{}{}:
	default:
	}
}

// state is whether labbot can post in the group with chat ID id.
func (gs *groupStates) state(id string) bot.GroupState {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if g, ok := gs.groups[id]; ok {
		return g.state()
	}
	return bot.GroupOpen
}

// take hands over the changes not passed on yet.
func (gs *groupStates) take() map[string]bot.GroupState {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	p := gs.pending
	gs.pending = map[string]bot.GroupState{}
	return p
}

// listed records the groups WhatsApp lists labbot in: a group known
// before and missing now is one labbot is no longer in.
func (gs *groupStates) listed(groups []*types.GroupInfo, me ...types.JID) {
	in := map[string]bool{}
	for _, g := range groups {
		in[g.JID.String()] = true
		gs.update(g.JID, func(s *groupState) { *s = groupState{announce: g.IsAnnounce, admin: isAdmin(g.Participants, me)} })
	}
	gs.mu.Lock()
	var missing []types.JID
	for id, g := range gs.groups {
		if !in[id] && !g.gone && !g.out {
			jid, _ := types.ParseJID(id)
			missing = append(missing, jid)
		}
	}
	gs.mu.Unlock()
	for _, jid := range missing {
		gs.update(jid, func(s *groupState) { s.out = true })
	}
}

// isAdmin reports whether labbot (by its phone JID or its LID) is an admin
// among participants.
func isAdmin(participants []types.GroupParticipant, me []types.JID) bool {
	for _, p := range participants {
		for _, id := range []types.JID{p.JID, p.LID, p.PhoneNumber} {
			if p.IsAdmin && isMe(id, me) {
				return true
			}
		}
	}
	return false
}

// isMe reports whether who is labbot's own account, on any of its devices.
func isMe(who types.JID, me []types.JID) bool {
	if who.IsEmpty() {
		return false
	}
	for _, m := range me {
		if !m.IsEmpty() && who.ToNonAD() == m.ToNonAD() {
			return true
		}
	}
	return false
}

// groupSendError reads a refused send to a group: not in it (whatsmeow
// asks for the group's members first, and WhatsApp answers 403, or 403 on
// the message itself) or the group is gone (404). Anything else is not
// about the group.
func groupSendError(err error) (bot.GroupState, bool) {
	switch {
	case errors.Is(err, whatsmeow.ErrGroupNotFound), serverSaid(err, 404):
		return bot.GroupGone, true
	case errors.Is(err, whatsmeow.ErrNotInGroup), serverSaid(err, 403):
		return bot.GroupNotIn, true
	}
	return "", false
}

// serverSaid reports whether WhatsApp refused a message with code.
func serverSaid(err error, code int) bool { return serverCode(err) == code }
