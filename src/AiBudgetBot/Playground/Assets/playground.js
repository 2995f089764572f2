// The playground page: speak to the bot as anyone in the directory, see each answer as Teams
// draws it (the official Adaptive Cards renderer, Teams-like host config) and as Slack draws it
// (a Block Kit preview), click its buttons, and watch the notifications the outbox delivers.
// Everything goes to /playground/api on this origin; nothing is loaded from anywhere else.
(() => {
  'use strict';

  const AC = window.AdaptiveCards;
  const $ = (id) => document.getElementById(id);
  const state = { people: [], me: null, key: sessionStorage.getItem('aibudget.playground.key') || '', after: 0, feedCount: 0 };

  // ---- Teams: host config close to Teams' light theme -------------------------------------
  const fg = (def, subtle) => ({ default: def, subtle: subtle || def });
  const foreground = {
    default: fg('#242424', '#616161'),
    dark: fg('#242424', '#424242'),
    light: fg('#FFFFFF', '#F5F5F5'),
    accent: fg('#5B5FC7', '#7F85F5'),
    good: fg('#0E700E', '#107C10'),
    warning: fg('#8A3707', '#BC4B09'),
    attention: fg('#C4314B', '#D13438'),
  };
  const style = (backgroundColor) => ({ backgroundColor, foregroundColors: foreground });
  const hostConfig = new AC.HostConfig({
    fontFamily: "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#E0E0E0' },
    fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
    containerStyles: {
      default: style('#FFFFFF'),
      emphasis: style('#EBEBEB'),
      accent: style('#7F85F5'),
      good: style('#54B054'),
      warning: style('#F7A93B'),
      attention: style('#E37D80'),
    },
    actions: {
      maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left',
      showCard: { actionMode: 'inline', inlineTopMargin: 8 }, iconPlacement: 'leftOfTitle', iconSize: 16,
    },
    imageSizes: { small: 32, medium: 52, large: 100 },
    factSet: {
      title: { color: 'default', size: 'default', isSubtle: true, weight: 'default', wrap: true, maxWidth: 160 },
      value: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true },
      spacing: 12,
    },
    textBlock: { headingLevel: 2 },
  });

  // Teams' subset of Markdown: **bold**, _italic_, [links](…), line breaks. HTML is escaped first.
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = escapeHtml(text)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[\s(])_(.+?)_(?=$|[\s).,;:!?])/g, '$1<em>$2</em>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, label, url) => sameOrigin(url) ? `<a href="${url}">${label}</a>` : label)
      .replace(/\n/g, '<br>');
    result.didProcess = true;
  };

  const sameOrigin = (url) => { try { return new URL(url, location.href).origin === location.origin; } catch { return false; } };

  // Images elsewhere (a chart on the bot's public URL) would be fetched off this machine: show their description instead.
  function localImagesOnly(node) {
    if (Array.isArray(node)) { return node.map(localImagesOnly); }
    if (!node || typeof node !== 'object') { return node; }
    if (node.type === 'Image' && !sameOrigin(node.url || '')) {
      return { type: 'TextBlock', text: `[chart] ${node.altText || ''}`, isSubtle: true, wrap: true };
    }
    const copy = {};
    for (const [k, v] of Object.entries(node)) { copy[k] = localImagesOnly(v); }
    return copy;
  }

  function renderTeams(cardJson, onAction) {
    const card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = (action) => {
      const data = action.data || {};
      onAction(action.verb || data.verb, data.subjectId);
    };
    card.parse(localImagesOnly(cardJson));
    const element = card.render();
    const frame = document.createElement('div');
    frame.className = 'teams-card';
    frame.appendChild(element);
    return frame;
  }

  // ---- Slack: a Block Kit preview of the same message ---------------------------------------
  const emoji = { white_check_mark: '✅', warning: '⚠️', rotating_light: '🚨', x: '❌', heavy_check_mark: '✔️', chart_with_upwards_trend: '📈', bar_chart: '📊', moneybag: '💰', hourglass: '⏳', tada: '🎉', no_entry: '⛔', information_source: 'ℹ️', bulb: '💡' };
  const withEmoji = (s) => s.replace(/:([a-z0-9_+-]+):/g, (m, name) => emoji[name] || m);
  const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  function mrkdwn(text) {
    // <url|label> links and <@U…> mentions first, then the inline marks on escaped text.
    const parts = String(text).split(/(<[^>]+>)/g);
    return parts.map((part) => {
      const link = /^<([^|>]+)(?:\|([^>]+))?>$/.exec(part);
      if (link) {
        const [, target, label] = link;
        if (target.startsWith('@')) { return `<span class="sk-mention">@${escapeHtml(target.slice(1))}</span>`; }
        return `<span class="sk-link">${escapeHtml(decode(label || target))}</span>`;
      }
      return withEmoji(escapeHtml(decode(part)))
        .replace(/```([\s\S]+?)```/g, '<pre>$1</pre>')
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,;:!?])/g, '$1<b>$2</b>')
        .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,;:!?])/g, '$1<i>$2</i>')
        .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,;:!?])/g, '$1<s>$2</s>')
        .replace(/\n/g, '<br>');
    }).join('');
  }

  const textOf = (t) => (t && t.type === 'mrkdwn') ? mrkdwn(t.text) : withEmoji(escapeHtml(t ? t.text : ''));

  function renderSlack(message, onAction) {
    const root = el('div', 'slack-msg');
    root.appendChild(el('div', 'slack-avatar', '$'));
    const body = el('div', 'slack-body');
    body.innerHTML = `<div class="slack-name">AiBudgetBot <span class="slack-app">APP</span> <span class="slack-time">${timeNow()}</span></div>`;
    for (const block of message.blocks || []) {
      body.appendChild(slackBlock(block, onAction));
    }
    root.appendChild(body);
    return root;
  }

  function slackBlock(block, onAction) {
    switch (block.type) {
      case 'header': return el('div', 'sk-header', null, withEmoji(escapeHtml(block.text.text)));
      case 'section': {
        const section = el('div', 'sk-section');
        if (block.text) { section.appendChild(el('div', 'sk-text', null, textOf(block.text))); }
        if (block.fields) {
          const fields = el('div', 'sk-fields');
          for (const f of block.fields) { fields.appendChild(el('div', 'sk-field', null, textOf(f))); }
          section.appendChild(fields);
        }
        return section;
      }
      case 'context': {
        const context = el('div', 'sk-context');
        for (const e of block.elements || []) { context.appendChild(el('span', null, null, textOf(e))); }
        return context;
      }
      case 'actions': {
        const actions = el('div', 'sk-actions');
        for (const b of block.elements || []) {
          const button = el('button', 'sk-button' + (b.style ? ' sk-' + b.style : ''), null, withEmoji(escapeHtml(b.text.text)));
          button.type = 'button';
          button.addEventListener('click', () => onAction(b.action_id, b.value));
          actions.appendChild(button);
        }
        return actions;
      }
      case 'divider': return el('hr', 'sk-divider');
      case 'image': return sameOrigin(block.image_url)
        ? Object.assign(el('img', 'sk-image'), { src: block.image_url, alt: block.alt_text })
        : el('div', 'sk-context', `[chart] ${block.alt_text}`);
      default: return el('div', 'sk-context', `(${block.type} block)`);
    }
  }

  // ---- A bot message: both drawings side by side, replaced in place when a button updates it --
  function botMessage(rendered, note) {
    const row = el('div', 'pair');
    row.dataset.title = rendered.title;
    const paint = (r, n) => {
      row.replaceChildren();
      const teams = el('div', 'pane teams-pane');
      teams.appendChild(teamsHeader());
      teams.appendChild(renderTeams(r.teams, act));
      const slack = el('div', 'pane slack-pane');
      slack.appendChild(renderSlack(r.slack, act));
      if (n) {
        teams.appendChild(el('div', 'note', `Only you see this: ${n}`));
        slack.appendChild(el('div', 'note slack-note', `Only visible to you: ${n}`));
      }
      row.append(teams, slack);
    };
    let current = rendered;
    const act = async (verb, subjectId) => {
      if (!state.me) { return; }
      try {
        const outcome = await api('POST', '/act', { as: state.me.id, verb, subjectId });
        if (outcome.updated) {
          current = outcome.updated;
          paint(current, null); // the updated card carries the note under its heading, as in Teams
          row.classList.add('updated');
          setTimeout(() => row.classList.remove('updated'), 1200);
        } else if (outcome.note) {
          paint(current, outcome.note);
        }
      } catch (e) { toast(e.message, true); }
    };
    paint(rendered, note);
    return row;
  }

  function teamsHeader() {
    return el('div', 'teams-head', null, `<span class="teams-avatar">$</span><b>AiBudgetBot</b> <span class="muted">${timeNow()}</span>`);
  }

  // ---- Conversation --------------------------------------------------------------------------
  async function say(text) {
    if (!state.me || !text.trim()) { return; }
    const conversation = $('conversation');
    conversation.querySelector('.hint')?.remove();
    const bubble = el('div', 'you');
    bubble.innerHTML = `<div class="you-name">${escapeHtml(state.me.displayName)} <span class="muted">${timeNow()}</span></div><div class="you-text">${escapeHtml(text)}</div>`;
    conversation.appendChild(bubble);
    try {
      const rendered = await api('POST', '/say', { as: state.me.id, text });
      conversation.appendChild(botMessage(rendered));
    } catch (e) {
      conversation.appendChild(el('div', 'error', e.message));
    }
    conversation.scrollTop = conversation.scrollHeight;
  }

  // ---- Notifications feed --------------------------------------------------------------------
  async function pollFeed() {
    try {
      const items = await api('GET', `/feed?after=${state.after}`);
      for (const item of items) {
        state.after = Math.max(state.after, item.sequence);
        $('feed').prepend(feedItem(item));
        state.feedCount++;
      }
      $('feedcount').textContent = state.feedCount ? `(${state.feedCount})` : '';
    } catch { /* shown by api() when it matters */ }
    setTimeout(pollFeed, 1500);
  }

  function feedItem(item) {
    const box = el('article', 'feed-item kind-' + item.kind);
    box.dataset.kind = item.kind;
    box.dataset.id = item.id;
    const head = el('div', 'feed-head');
    const when = new Date(item.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    head.innerHTML = `<span class="badge">${escapeHtml(item.kind)}</span> <b>${escapeHtml(item.teamName || item.teamId || 'organization')}</b>${item.poolId ? ' · ' + escapeHtml(item.poolId) : ''} <span class="muted">${when}</span>`;
    const tabs = el('span', 'tabs');
    const body = el('div', 'feed-body');
    let current = item.message;
    let view = 'teams';
    let note = null;
    const act = async (verb, subjectId) => {
      if (!state.me) { return; }
      try {
        const outcome = await api('POST', '/act', { as: state.me.id, verb, subjectId });
        note = outcome.updated ? null : outcome.note; // an updated card carries the note itself
        if (outcome.updated) { current = outcome.updated; box.classList.add('updated'); setTimeout(() => box.classList.remove('updated'), 1200); }
        paint();
      } catch (e) { toast(e.message, true); }
    };
    const paint = () => {
      body.replaceChildren(view === 'teams' ? renderTeams(current.teams, act) : renderSlack(current.slack, act));
      if (note) { body.appendChild(el('div', 'note', `Only you see this: ${note}`)); }
      for (const b of tabs.children) { b.classList.toggle('on', b.dataset.view === view); }
    };
    for (const v of ['teams', 'slack']) {
      const b = el('button', 'tab', v === 'teams' ? 'Teams' : 'Slack');
      b.type = 'button';
      b.dataset.view = v;
      b.addEventListener('click', () => { view = v; paint(); });
      tabs.appendChild(b);
    }
    head.appendChild(tabs);
    box.append(head, body);
    paint();
    return box;
  }

  // ---- Who am I, jobs, plumbing ----------------------------------------------------------------
  function choose(id) {
    state.me = state.people.find((p) => p.id === id) || null;
    const roles = $('roles');
    roles.replaceChildren();
    if (!state.me) { return; }
    for (const t of state.me.teams) { roles.appendChild(el('span', 'role role-' + t.role, `${t.role} · ${t.name}`)); }
    for (const r of state.me.roles) { roles.appendChild(el('span', 'role role-' + r, r)); }
    localStorage.setItem('aibudget.playground.me', id);
  }

  function describe(p) {
    const where = p.teams.map((t) => `${t.role} of ${t.name}`);
    if (p.roles.includes('finance')) { where.unshift('finance'); }
    return `${p.displayName} — ${where.join(', ') || 'no team'}${p.platform ? '' : ' (no chat id)'}`;
  }

  async function start() {
    let setup;
    try { setup = await api('GET', '/setup'); } catch { return; }
    state.people = setup.people;
    const select = $('person');
    select.replaceChildren();
    for (const p of setup.people) {
      const option = el('option', null, describe(p));
      option.value = p.id;
      option.disabled = !p.platform;
      select.appendChild(option);
    }
    const wanted = new URLSearchParams(location.search).get('as') || localStorage.getItem('aibudget.playground.me');
    const first = setup.people.find((p) => p.id === wanted && p.platform) || setup.people.find((p) => p.platform);
    if (first) { select.value = first.id; choose(first.id); }
    select.addEventListener('change', () => choose(select.value));

    const jobs = $('jobs');
    jobs.replaceChildren();
    for (const job of setup.jobs) {
      const b = el('button', 'job', `Run ${job}`);
      b.type = 'button';
      b.dataset.job = job;
      b.addEventListener('click', async () => {
        try {
          const run = await api('POST', `/jobs/${encodeURIComponent(job)}/run`);
          toast(`${job}: ${run.ran ? 'ran' : 'skipped'}${run.result ? ' · ' + JSON.stringify(run.result) : ''}`);
        } catch (e) { toast(e.message, true); }
      });
      jobs.appendChild(b);
    }
    pollFeed();
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body) { headers['Content-Type'] = 'application/json'; }
    if (state.key) { headers.Authorization = `Bearer ${state.key}`; }
    const response = await fetch(`/playground/api${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    if (response.status === 401) {
      $('keybar').hidden = false;
      throw new Error('The playground needs the admin key here.');
    }
    const json = await response.json().catch(() => null);
    if (!response.ok) { throw new Error((json && json.detail) || `HTTP ${response.status}`); }
    return json;
  }

  function toast(text, bad) {
    const t = el('div', 'toast' + (bad ? ' bad' : ''), text);
    document.body.appendChild(t);
    setTimeout(() => t.remove(), 6000);
  }

  function el(tag, className, text, html) {
    const e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text != null) { e.textContent = text; }
    if (html != null) { e.innerHTML = html; }
    return e;
  }

  function timeNow() { return new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }

  const quick = ['budget', 'usage', 'help', 'override 150 launch week renders', 'increase 300 holiday campaign', 'accept'];
  for (const q of quick) {
    const chip = el('button', 'chip', q);
    chip.type = 'button';
    chip.addEventListener('click', () => say(q));
    $('chips').appendChild(chip);
  }
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value;
    $('text').value = '';
    say(text);
  });
  $('keysave').addEventListener('click', () => {
    state.key = $('key').value.trim();
    sessionStorage.setItem('aibudget.playground.key', state.key);
    $('keybar').hidden = true;
    start();
  });

  if (!AC) {
    document.body.prepend(el('div', 'error', 'The Adaptive Cards renderer is missing: run `npm ci`, rebuild, restart.'));
    return;
  }
  start();
})();
