package whatsapp

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"

	"labbot/bot"
)

// handleJoinedGroup is labbot added to a group.
func (s *Session) handleJoinedGroup(ctx context.Context, e *events.JoinedGroup) {
	s.groups.update(e.JID, func(st *groupState) {
		*st = groupState{announce: e.IsAnnounce, admin: isAdmin(e.Participants, s.me())}
	})
	s.timers.group(&e.GroupInfo)
	g := s.groupInfo(ctx, &e.GroupInfo)
	s.inTurn(g.ID, func(ctx context.Context) error { return s.core.GroupJoined(ctx, g) })
	go s.catchUpLIDs() // whatsmeow mapped the participants listed with both forms
}

// handleGroupInfo passes on what of a group's change matters to the core.
func (s *Session) handleGroupInfo(ctx context.Context, e *events.GroupInfo) {
	id := e.JID.String()
	if e.Ephemeral != nil {
		s.timers.set(id, groupTimer(*e.Ephemeral))
	}
	if e.Name != nil {
		name := e.Name.Name
		s.inTurn(id, func(ctx context.Context) error { return s.core.GroupRenamed(ctx, id, name) })
	}
	s.postingChanged(e)
	var left []string
	for _, who := range e.Leave {
		if isMe(who, s.me()) {
			s.inTurn(id, func(ctx context.Context) error { return s.core.GroupLeft(ctx, id) })
			s.groups.update(e.JID, func(st *groupState) { st.out = true })
			return
		}
		left = append(left, userID(ctx, who, types.EmptyJID, s.container.LIDMap))
	}
	if len(left) > 0 {
		s.inTurn(id, func(ctx context.Context) error { return s.core.MembersLeft(ctx, id, left) })
	}
	if len(e.Join) > 0 {
		var joined []string
		for _, who := range e.Join {
			joined = append(joined, userID(ctx, who, types.EmptyJID, s.container.LIDMap))
		}
		s.inTurn(id, func(ctx context.Context) error { return s.core.MembersJoined(ctx, id, joined) })
	}
}

func (s *Session) groupInfo(ctx context.Context, g *types.GroupInfo) bot.GroupInfo {
	info := bot.GroupInfo{ID: g.JID.String(), Name: g.Name}
	for _, p := range g.Participants {
		info.Participants = append(info.Participants, userID(ctx, p.JID, p.PhoneNumber, s.container.LIDMap))
	}
	return info
}

// inTurn makes a change to group in the group's turn: a member who wrote
// and then left is not made a member again by her message handled after.
func (s *Session) inTurn(group string, change func(context.Context) error) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	if !s.accepting {
		return
	}
	s.inbox.Do(context.Background(), group, func(ctx context.Context) {
		if err := change(ctx); err != nil {
			s.log.Error("group change", slog.Any("error", err))
		}
	})
}

// syncGroups tells the core every group labbot is in, as on connecting.
// That touches every group: what the inbox holds goes first, and what
// arrives meanwhile waits for it.
func (s *Session) syncGroups() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	all, err := s.Transport().Groups(ctx)
	if err != nil {
		s.log.Warn("could not list labbot's groups", slog.Any("error", err))
		return
	}
	s.gate.Lock()
	defer s.gate.Unlock()
	if !s.accepting {
		return
	}
	s.inbox.Wait()
	if err := s.core.GroupsSynced(context.Background(), all); err != nil {
		s.log.Error("group change", slog.Any("error", err))
	}
}

// postingChanged notes what of a group's change decides whether labbot
// can post there: only admins may send, labbot made or unmade an admin,
// the group deleted.
func (s *Session) postingChanged(e *events.GroupInfo) {
	me := s.me()
	s.groups.update(e.JID, func(st *groupState) {
		if e.Announce != nil {
			st.announce = e.Announce.IsAnnounce
		}
		if slices.ContainsFunc(e.Promote, func(j types.JID) bool { return isMe(j, me) }) {
			st.admin = true
		}
		if slices.ContainsFunc(e.Demote, func(j types.JID) bool { return isMe(j, me) }) {
			st.admin = false
		}
		if e.Delete != nil && e.Delete.Deleted {
			st.gone = true
		}
	})
}

// passGroupStates tells the core, in each group's turn, whether labbot
// can post there, as it changes, until ctx ends.
func (s *Session) passGroupStates(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.groups.changed:
			s.flushGroupStates()
		}
	}
}

func (s *Session) flushGroupStates() {
	for jid, st := range s.groups.take() {
		s.inTurn(jid, func(ctx context.Context) error { return s.core.GroupPostable(ctx, jid, st) })
	}
}
