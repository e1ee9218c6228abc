package whatsapp

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"go.mau.fi/whatsmeow/types"
)

// WhatsApp names a person by her phone number or, in groups that hide
// numbers, by her LID; whatsmeow keeps a map between the two, which grows
// as messages, group lists, history syncs and user queries reveal pairs.
// The core keys members on the number, when known: a message carrying
// both forms merges at once (bot.Message.SenderAlt); the rest is caught up
// here, after connecting and after each history sync.

// identityWait bounds one round of learning identities.
const identityWait = time.Minute

// learnIdentities asks WhatsApp for the staff's LIDs, so that staff
// writing where numbers are hidden are recognised, then merges the
// members known only by a LID whose number is now known.
func (s *Session) learnIdentities() {
	ctx, cancel := context.WithTimeout(context.Background(), identityWait)
	defer cancel()
	s.learnStaffLIDs(ctx)
	s.mergeKnownLIDs(ctx)
}

// learnStaffLIDs asks WhatsApp for the config staff's LIDs and keeps them
// in whatsmeow's map (whatsmeow's GetUserInfo does too; keeping them here
// does not rely on it).
func (s *Session) learnStaffLIDs(ctx context.Context) {
	c, ok := s.servingCore()
	if !ok {
		return
	}
	var jids []types.JID
	for _, u := range c.StaffUsers() {
		if strings.HasPrefix(u, "+") {
			jids = append(jids, types.NewJID(u[1:], types.DefaultUserServer))
		}
	}
	if len(jids) == 0 {
		return
	}
	infos, err := s.edge.GetUserInfo(ctx, jids)
	if err != nil {
		s.log.Warn("could not ask WhatsApp how it knows the staff; staff writing where numbers are hidden may not be recognised", slog.Any("error", err))
		return
	}
	for pn, info := range infos {
		if info.LID.Server != types.HiddenUserServer {
			continue
		}
		if err := s.container.LIDMap.PutLIDMapping(ctx, info.LID.ToNonAD(), pn.ToNonAD()); err != nil {
			s.log.Warn("could not keep a staff member's LID", slog.Any("error", err))
		}
	}
}

// catchUpLIDs is mergeKnownLIDs off the event goroutine, bounded.
func (s *Session) catchUpLIDs() {
	ctx, cancel := context.WithTimeout(context.Background(), identityWait)
	defer cancel()
	s.mergeKnownLIDs(ctx)
}

// mergeKnownLIDs tells the core, for each member known only by LID whose
// number whatsmeow has learned since, that the two are one person. Runs
// never overlap: a history sync comes in many parts.
func (s *Session) mergeKnownLIDs(ctx context.Context) {
	s.identityMu.Lock()
	defer s.identityMu.Unlock()
	c, ok := s.servingCore()
	if !ok {
		return
	}
	ids, err := c.LIDOnlyMembers(ctx)
	if err != nil {
		s.log.Error("members known by LID", slog.Any("error", err))
		return
	}
	for _, id := range ids {
		lid := types.NewJID(strings.TrimPrefix(id, "lid:"), types.HiddenUserServer)
		pn, err := s.container.LIDMap.GetPNForLID(ctx, lid)
		if err != nil || pn.Server != types.DefaultUserServer {
			continue
		}
		user := "+" + pn.User
		s.inTurn(user, func(ctx context.Context) error { return c.SameMember(ctx, user, id) })
	}
}

// servingCore is the core while Serve serves.
func (s *Session) servingCore() (core, bool) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	return s.core, s.accepting
}
