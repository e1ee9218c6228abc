package bot

import (
	"context"
	"net/url"
	"strings"

	"labbot/store"
)

// cmdResource saves a link with its title: "resource URL TITLE #tags".
func (b *Bot) cmdResource(ctx context.Context, r *request) error {
	link, title := cutWord(r.Inv.Args)
	if link == "" || title == "" {
		b.wrongUse(r)
		return nil
	}
	if u, err := url.Parse(link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > maxURL {
		b.reply(r, b.texts.msg(r.Lang, "resource.bad_url", nil))
		return nil
	}
	if b.tooLong(r, title) {
		return nil
	}
	it := newItem(r, store.KindResource, title)
	it.URL = link
	r.save(it, func(it store.Item) {
		b.reply(r, b.texts.msg(r.Lang, "resource.saved", vars{"Ref": bold(it.Ref())}))
	})
	return nil
}

// cmdResources lists resources, newest first, optionally those with a #tag.
func (b *Bot) cmdResources(ctx context.Context, r *request) error {
	tag := ""
	if tags := tagsIn(r.Inv.Args); len(tags) > 0 {
		tag = tags[0]
	} else if r.Inv.Args != "" {
		tag = fold(strings.TrimLeft(strings.Fields(r.Inv.Args)[0], "#"))
	}
	found, err := b.store.Resources(ctx, viewer(r), tag, listLen)
	if err != nil {
		return err
	}
	data := vars{"Tag": clip(tag, 32)}
	if len(found) == 0 {
		key := "resources.none"
		if tag != "" {
			key = "resources.none_tag"
		}
		b.reply(r, b.texts.msg(r.Lang, key, vars{"Tag": data["Tag"], "Usage": b.usage(r.Lang, "resource", true)}))
		return nil
	}
	title := b.texts.msg(r.Lang, "resources.title", nil)
	if tag != "" {
		title = b.texts.msg(r.Lang, "resources.title_tag", data)
	}
	lines := []string{title}
	for _, it := range found {
		line, err := b.itemLine(ctx, r.Lang, it)
		if err != nil {
			return err
		}
		lines = append(lines, line+"\n  "+it.URL)
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}
