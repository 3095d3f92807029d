// The review workspace: start page and article view over the JSON API of review_app.py.
// Plain JavaScript, no library, nothing from the network but this app.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  catalog: null,      // the API's catalog answer for the open article
  language: "", path: "",
  activeId: null,
  view: "sides",      // "sides" or "preview"
  changed: new Set(), // entry ids that changed on disk after a 409
  // draftKeyOf(catalog, entry) -> what an editor typed there and could not save yet, shown
  // again, never dropped: {msgstr?, comment?, writtenFor: the source it was typed against}
  drafts: new Map(),
  orphans: [],        // drafts whose sentence left the article: {key, writtenFor, msgstr?, comment?}
  queue: Promise.resolve(),
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function languageName(code) {
  // a language folder is named as gettext names locales (zh_CN, pt_BR): Intl takes BCP 47 (zh-CN)
  const tag = String(code).replace(/_/g, "-");
  try { return new Intl.DisplayNames(["en"], { type: "language" }).of(tag) || code; } catch (e) { return code; }
}

let statusTimer = null;
function status(message, isError = false) {
  const box = $("status");
  box.textContent = message;
  box.className = "status show" + (isError ? " error" : "");
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => { box.className = "status" + (isError ? " error" : ""); }, isError ? 6000 : 1800);
}

async function api(method, url, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const answer = await fetch(url, options);
  let data = null;
  try { data = await answer.json(); } catch (e) { data = { error: answer.statusText }; }
  return { status: answer.status, data };
}

const catalogUrl = (language, path) =>
  `/api/catalogs/${encodeURIComponent(language)}/${path.split("/").map(encodeURIComponent).join("/")}`;
const previewUrl = (language, path) =>
  `/api/preview/${encodeURIComponent(language)}/${path.split("/").map(encodeURIComponent).join("/")}`;

// --- entries ---------------------------------------------------------------------------
const glossaryTerms = (entry) => entry.notes.filter((n) => n.startsWith("glossary:"))
  .map((n) => n.slice("glossary:".length).trim().split(" -> "));
// QA findings an editor approved the sentence with are seen (the server's qa_seen, a PO flag):
// the sentence leaves the queue, the findings stay on it, marked seen
const openProblems = (entry) => (entry.qa_seen ? [] : entry.qa);
const needsReview = (entry) => !entry.msgstr || entry.fuzzy || openProblems(entry).length > 0;
const entryState = (entry) => (!entry.msgstr ? "untranslated" : entry.fuzzy ? "fuzzy" : "reviewed");

// --- routing ---------------------------------------------------------------------------
// #/a/LANGUAGE/PATH an article, #/a/LANGUAGE/PATH?entry=ID one sentence of it (a search
// result), #/?q=TEXT the start page with that search
function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  $("banner").hidden = true;
  const [where, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  if (where.startsWith("a/")) {
    const [, language, ...rest] = decodeURIComponent(where).split("/");
    const entry = params.get("entry");
    openArticle(language, rest.join("/"), false, entry === null ? null : Number(entry));
  } else {
    showStart(params.get("q") || "");
  }
}

const articleHref = (language, path) =>
  `#/a/${encodeURIComponent(language)}/${path.split("/").map(encodeURIComponent).join("/")}`;
window.addEventListener("hashchange", route);
window.addEventListener("beforeunload", (event) => {
  // closing or reloading the tab would drop text that is only on this page: the browser asks first
  if (unsavedWork()) { event.preventDefault(); event.returnValue = ""; }
});

function unsavedWork() {
  const typing = document.activeElement;
  const typed = typing && typing.tagName === "TEXTAREA" && typing.closest(".sheet") && typing.value !== typing.defaultValue;
  return Boolean(typed || state.drafts.size || state.orphans.length);
}
window.addEventListener("DOMContentLoaded", () => {
  $("filter").addEventListener("change", applyFilter);
  $("view-sides").addEventListener("click", () => setView("sides"));
  $("view-preview").addEventListener("click", () => setView("preview"));
  $("next").addEventListener("click", () => moveToReview(1));
  $("help-button").addEventListener("click", () => $("help").showModal());
  document.addEventListener("keydown", onKey);
  document.addEventListener("focusin", (event) => keepClearOfHeadings(event.target));
  // the column headings stick below the top bar, whose height depends on the window's width
  const barHeight = () => document.documentElement.style.setProperty("--bar-height", `${document.querySelector(".bar").offsetHeight}px`);
  new ResizeObserver(barHeight).observe(document.querySelector(".bar"));
  route();
});

// --- start page ------------------------------------------------------------------------
async function showStart(query = "") {
  state.catalog = null;
  $("tools").hidden = true;
  renderOrphans();
  $("crumbs").replaceChildren(el("span", {}, "Articles to review"));
  document.title = "Review · uebersetzer";
  const { status: code, data } = await api("GET", "/api/catalogs");
  const main = $("main");
  if (code !== 200) { main.replaceChildren(el("p", { class: "empty" }, data.error || "Cannot load the catalogs.")); return; }
  const byLanguage = new Map();
  for (const row of data) {
    if (!byLanguage.has(row.language)) byLanguage.set(row.language, []);
    byLanguage.get(row.language).push(row);
  }
  const total = data.reduce((sum, r) => sum + r.entries, 0);
  const open = data.reduce((sum, r) => sum + r.fuzzy + r.untranslated, 0);
  // a PO file that does not parse has no sentences to count: said, not counted as done
  const broken = data.filter((row) => row.error).length;
  const sections = [el("p", { class: "intro" },
    `${plural(data.length, "article")} in ${plural(byLanguage.size, "language")}; ` +
    `${open} of ${plural(total, "sentence")} still need review` +
    (broken === 1 ? "; 1 PO file cannot be read, so its sentences are not counted: fix it as its row says, then " +
      "reload this page" : "") +
    (broken > 1 ? `; ${broken} PO files cannot be read, so their sentences are not counted: fix them as their rows ` +
      "say, then reload this page" : "") + ". " +
    "Open an article to check its translation sentence by sentence; every change is saved to its PO file.")];
  for (const [language, rows] of byLanguage) {
    const body = rows.map((row) => {
      if (row.error) return brokenRow(language, row);
      const reviewed = row.entries - row.fuzzy - row.untranslated;
      const share = row.entries ? Math.round((100 * reviewed) / row.entries) : 100;
      const href = `#/a/${encodeURIComponent(language)}/${row.path.split("/").map(encodeURIComponent).join("/")}`;
      const count = (n, kind) => el("td", { class: "num" }, n ? el("span", { class: `chip ${kind}` }, n) : el("span", { class: "zero" }, "0"));
      const bar = el("div", { class: "bar-mini" }, el("div"));
      bar.firstChild.style.width = `${share}%`;
      return el("tr", { class: "row", "data-path": row.path, onclick: () => { location.hash = href; } },
        // the title is the source's (Arabic, Hebrew...): laid out in its own direction
        el("td", {}, el("a", { href, dir: "auto" }, row.title || row.path), el("div", { class: "file" }, row.article)),
        el("td", {}, bar),
        el("td", { class: "num" }, share === 100 ? el("span", { class: "done" }, "✓ done") : `${reviewed} / ${row.entries}`),
        count(row.fuzzy, "fuzzy"), count(row.untranslated, "untranslated"), count(row.qa, "qa"));
    });
    sections.push(el("section", { class: "lang" },
      el("h2", {}, languageName(language), el("small", {}, language)),
      el("table", { class: "articles" },
        el("thead", {}, el("tr", {}, el("th", {}, "Article"), el("th", {}, "Progress"), el("th", { class: "num" }, "Reviewed"),
          el("th", { class: "num" }, "Fuzzy"), el("th", { class: "num" }, "Untranslated"), el("th", { class: "num" }, "QA"))),
        el("tbody", {}, body))));
  }
  if (!data.length) sections.push(el("p", { class: "empty" }, "No PO files here yet: run 'uebersetzer translate' first."));
  main.replaceChildren(searchForm(query), ...sections);
  if (query) showSearch(query);
}

function brokenRow(language, row) {
  // no progress, no counts: the file says nothing until it parses. The message names file:line;
  // the row still opens the article, whose page says the same
  const href = articleHref(language, row.path);
  return el("tr", { class: "row broken", "data-path": row.path, onclick: () => { location.hash = href; } },
    el("td", {}, el("a", { href }, row.path), el("div", { class: "file" }, row.article)),
    el("td", { colspan: 5, class: "broken-note" },
      el("strong", {}, "✗ Cannot be read, so not reviewable: "), row.error));
}

// --- search ----------------------------------------------------------------------------
function searchForm(query) {
  const box = el("input", { type: "search", id: "search", value: query, "aria-label": "find a text in every article",
    placeholder: "Find a text in every article: source or translation" });
  return el("form", { class: "search", role: "search", onsubmit: (event) => {
    event.preventDefault();
    location.hash = box.value.trim() ? `#/?q=${encodeURIComponent(box.value.trim())}` : "#/";
  } }, box, el("button", { type: "submit" }, "Find"), el("div", { id: "search-results", "aria-live": "polite" }));
}

async function showSearch(query) {
  const results = $("search-results");
  const { status: code, data } = await api("GET", `/api/search?q=${encodeURIComponent(query)}`);
  if (!results.isConnected) return; // the editor went on meanwhile
  if (code !== 200) { results.replaceChildren(el("p", { class: "empty" }, data.error)); return; }
  const found = data.matches.length;
  const header = el("p", { class: "intro" }, found
    ? `${plural(found, "sentence")}${data.more ? " (the first ones)" : ""} with “${query}”:`
    : `No sentence holds “${query}”.`);
  const broken = data.broken.length
    ? el("p", { class: "empty" }, `Not searched, broken: ${data.broken.join(", ")}`) : null;
  const rows = data.matches.map((match) => el("li", { class: `hit ${match.state}` },
    el("a", { href: `${articleHref(match.language, match.path)}?entry=${match.id}` }, match.article),
    el("small", {}, ` ${languageName(match.language)} · ${match.state}`),
    // a hit's texts in their own direction: the search lists every language's articles
    el("div", { class: "hit-text", dir: "auto" }, marked(match.msgid, query)),
    el("div", { class: "hit-text target", dir: "auto" },
      match.msgstr ? marked(match.msgstr, query) : el("em", {}, "untranslated"))));
  results.replaceChildren(header, broken, el("ul", { class: "hits" }, rows));
}

function marked(text, query) {
  // the first place the query stands in the text, marked (where lower-casing keeps lengths)
  const lower = text.normalize("NFC").toLowerCase();
  const at = lower.indexOf(query.normalize("NFC").toLowerCase());
  if (at < 0 || lower.length !== text.length) return text;
  return [text.slice(0, at), el("mark", {}, text.slice(at, at + query.length)), text.slice(at + query.length)];
}

// --- article view ----------------------------------------------------------------------
async function openArticle(language, path, keepChanged = false, focusId = null) {
  const { status: code, data } = await api("GET", catalogUrl(language, path));
  if (code !== 200) {
    $("main").replaceChildren(el("p", { class: "empty" }, data.error || `Cannot open ${language}/${path}.`));
    return;
  }
  if (!keepChanged) { state.changed = new Set(); state.activeId = null; }
  data.key = `${language}/${path}`; // each row saves through the catalog it was drawn from
  data.url = catalogUrl(language, path);
  state.catalog = data; state.language = language; state.path = path;
  renderOrphans();
  $("tools").hidden = false;
  $("crumbs").replaceChildren(el("a", { href: "#/" }, "Articles"), "/", el("strong", { class: "name", title: data.article }, data.article),
    el("span", { class: "pair" }, `${languageName(data.source_tag)} → ${languageName(data.target_tag)}`));
  document.title = `${data.article} (${language}) · Review`;
  if (focusId !== null && data.entries[focusId]) state.view = "sides"; // a search result: its sentence
  $("view-sides").classList.toggle("on", state.view === "sides");
  $("view-preview").classList.toggle("on", state.view === "preview");
  if (state.view === "preview") await showPreview(); else renderSheet();
  updateProgress();
  if (focusId !== null && data.entries[focusId]) focusEntry(focusId);
}

function renderSheet() {
  const { catalog } = state;
  const legend = el("span", { class: "legend" }, ["fuzzy", "untranslated", "qa", "reviewed"].map((kind) =>
    el("span", { class: `key ${kind}` }, kind === "qa" ? "QA problem" : kind)));
  const header = el("div", { class: "columns" }, el("div", { class: "label-head" }, "Block"),
    el("div", {}, `Source · ${languageName(catalog.source_tag)}`),
    el("div", {}, `Translation · ${languageName(catalog.target_tag)}`, legend));
  const blocks = catalog.blocks.map((block, index) => el("section", { class: `block ${block.kind.replace(/ /g, "-")}`, "data-block": index },
    block.entries.map((id) => sentenceRow(catalog.entries[id], block))));
  $("main").replaceChildren(header, el("div", { class: "sheet" }, blocks));
  applyFilter();
  if (state.activeId !== null) markActive(state.activeId);
}

function sourceText(entry, draft) {
  // the source with its glossary terms marked
  const terms = glossaryTerms(entry).map(([source]) => source).filter(Boolean);
  // lang and dir from the catalog's languages (a sentence in another language, its own): an
  // Arabic source is laid out right to left
  const node = el("div", { class: "source", lang: entry.source_tag || state.catalog.source_tag,
    dir: entry.source_direction || state.catalog.source_direction });
  let text = entry.msgid;
  while (text) {
    let best = null;
    for (const term of terms) {
      const at = text.indexOf(term);
      if (at >= 0 && (best === null || at < best.at)) best = { at, term };
    }
    if (!best) { node.append(text); break; }
    node.append(text.slice(0, best.at), el("mark", { title: "glossary term" }, best.term));
    text = text.slice(best.at + best.term.length);
  }
  if (entry.previous_msgid) {
    node.append(el("span", { class: "before" }, "Source changed. Before: ", el("del", { dir: state.catalog.source_direction }, entry.previous_msgid)));
  }
  if (draft.writtenFor !== undefined && draft.writtenFor !== entry.msgid && draft.writtenFor !== entry.previous_msgid) {
    node.append(el("span", { class: "before" }, "Your unsaved text was written for: ", el("del", { dir: state.catalog.source_direction }, draft.writtenFor)));
  }
  return node;
}

function sentenceRow(entry, block) {
  const kind = entryState(entry);
  const catalog = state.catalog;
  const draftKey = draftKeyOf(catalog, entry);
  const draft = state.drafts.get(draftKey) || {};
  const notable = entry.qa.length || entry.fallbacks.length || state.drafts.has(draftKey) ||
    state.changed.has(entry.id) || entry.comment;
  const row = el("div", {
    class: `sentence ${kind}${openProblems(entry).length ? " has-qa" : ""}${notable ? " notable" : ""}`,
    "data-id": entry.id, "data-state": kind,
  });
  const box = el("textarea", { rows: 1, lang: state.catalog.target_tag, dir: state.catalog.target_direction, spellcheck: "true",
    "aria-label": `translation of: ${entry.msgid}`, placeholder: "untranslated: type the translation" });
  box.defaultValue = entry.msgstr; // what the file says: a box whose value differs holds typing
  box.value = "msgstr" in draft ? draft.msgstr : entry.msgstr;
  box.addEventListener("input", () => grow(box));
  box.addEventListener("focus", () => markActive(entry.id));
  const origin = { catalog, draftKey };
  box.addEventListener("change", () => save(entry.id, { msgstr: box.value }, origin));
  box.addEventListener("keydown", (event) => onBoxKey(event, entry.id, box, origin));
  const chips = [el("span", { class: `chip ${kind}` }, kind === "reviewed" ? "✓ reviewed" : kind)];
  if ("msgstr" in draft) chips.push(el("span", { class: "chip changed", title: "your text, not saved yet: save or approve it" }, "unsaved"));
  if ("comment" in draft) chips.push(el("span", { class: "chip changed", title: "your comment, not saved yet" }, "unsaved comment"));
  if (state.changed.has(entry.id)) chips.push(el("span", { class: "chip changed", title: "changed on disk while you worked" }, "changed on disk"));
  for (const problem of entry.qa) {
    chips.push(entry.qa_seen
      ? el("span", { class: "chip qa seen", title: "quality check, seen when this translation was approved: " +
          "it comes back if the source or the translation changes" }, `QA (seen): ${problem}`)
      : el("span", { class: "chip qa", title: "quality check" }, `QA: ${problem}`));
  }
  // the badge says what kind of fallback the note tells of (words left untranslated, markup to check)
  for (const { note, badge } of entry.fallbacks) chips.push(el("span", { class: "chip fallback", title: note }, badge));
  for (const [source, target] of glossaryTerms(entry)) {
    chips.push(el("span", { class: "chip glossary", title: "glossary" }, `${source} → ${target || source}`));
  }
  const commentBox = el("textarea", { rows: 1, dir: "auto", // a note in whichever language its editor writes
    placeholder: "a note for other translators (# comment in the PO file)" });
  commentBox.defaultValue = entry.comment;
  commentBox.value = "comment" in draft ? draft.comment : entry.comment;
  const saveComment = () => save(entry.id, { comment: commentBox.value }, origin);
  commentBox.addEventListener("change", saveComment);
  commentBox.addEventListener("keydown", (event) => {
    if (event.key === "s" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); saveComment(); }
  });
  const comment = el("div", { class: "comment" }, el("label", {}, "Translator comment"), commentBox,
    "comment" in draft ? el("button", { type: "button", class: "save-comment", onclick: saveComment }, "Save comment") : null);
  comment.hidden = !entry.comment && !("comment" in draft);
  // approved elsewhere (Poedit, an older workspace) with findings no one marked seen: approving
  // again here marks them seen
  const unseen = kind === "reviewed" && openProblems(entry).length > 0;
  const approveButton = el("button", { type: "button", class: "approve",
    title: unseen ? "I have seen the QA findings: approve as it is (Ctrl+Enter)"
      : "approve this translation (Ctrl+Enter)",
    onclick: () => approve(entry.id, box, origin) }, "✓ Approve");
  const actions = el("span", { class: "actions" },
    el("button", { type: "button", class: "comment-button", title: "add a translator comment",
      onclick: () => { comment.hidden = false; commentBox.focus(); } }, entry.comment ? "Edit comment" : "Comment"),
    unseen ? approveButton : null,
    kind === "reviewed"
      ? el("button", { type: "button", class: "unapprove", title: "mark as needing review again",
        onclick: () => save(entry.id, { msgstr: box.value, fuzzy: true }, origin) }, "Reopen")
      : approveButton);
  const quick = kind === "reviewed" && !unseen
    ? el("span", { class: "quick done", title: "reviewed" }, "✓")
    : el("button", { type: "button", class: "quick", title: "approve (Ctrl+Enter)", "aria-label": "approve",
      onclick: () => approve(entry.id, box, origin) }, "✓");
  const target = el("div", { class: "target" }, el("div", { class: "edit" }, box, quick),
    el("div", { class: "meta" }, chips, actions), comment);
  row.append(el("div", { class: "label" }, block.label || block.kind), sourceText(entry, draft), target);
  requestAnimationFrame(() => grow(box));
  return row;
}

function grow(box) {
  box.style.height = "auto";
  box.style.height = `${box.scrollHeight + 2}px`;
}

function keepClearOfHeadings(node) {
  // The browser scrolls a box that gets the focus only when it is off screen: one that lies
  // partly under the sticky bar and column headings stays there, hidden. Scroll it out.
  if (!(node instanceof HTMLElement) || !node.closest(".sheet")) return;
  const headings = document.querySelector(".columns") || document.querySelector(".bar");
  const covered = headings.getBoundingClientRect().bottom + 6 - node.getBoundingClientRect().top;
  if (covered > 0) window.scrollBy({ top: -covered, behavior: "instant" });
}

function markActive(id) {
  state.activeId = id;
  for (const row of document.querySelectorAll(".sentence.active")) row.classList.remove("active");
  const row = document.querySelector(`.sheet .sentence[data-id="${id}"]`);
  if (row) row.classList.add("active");
}

function applyFilter() {
  const only = $("filter").checked;
  if (!state.catalog) return;
  for (const row of document.querySelectorAll(".sheet .sentence")) {
    const entry = state.catalog.entries[Number(row.dataset.id)];
    row.hidden = only && !needsReview(entry) && Number(row.dataset.id) !== state.activeId;
  }
  for (const block of document.querySelectorAll(".sheet .block")) {
    block.hidden = [...block.querySelectorAll(".sentence")].every((row) => row.hidden);
  }
}

function updateProgress() {
  const entries = state.catalog.entries;
  const reviewed = entries.filter((e) => entryState(e) === "reviewed").length;
  $("progress-fill").style.width = `${entries.length ? (100 * reviewed) / entries.length : 100}%`;
  $("progress-text").textContent = `${reviewed} of ${entries.length} reviewed`;
}

// --- saving ----------------------------------------------------------------------------
function approve(id, box, origin) {
  return save(id, { msgstr: box.value, fuzzy: false }, origin).then((ok) => { if (ok) moveToReview(1, id); });
}

function save(id, change, origin) {
  // one request at a time: each PUT needs the revision the previous one returned
  state.queue = state.queue.then(() => put(id, change, origin))
    .catch((error) => { status(String(error), true); return false; });
  return state.queue;
}

async function put(id, change, origin) {
  // The PUT carries the revision of the file as this row's catalog last knew it. An edit from
  // a row drawn before the file changed on disk is refused (409) rather than written over the
  // change, and goes back in its box as a draft.
  const { catalog, draftKey } = origin;
  const current = catalog === state.catalog;
  const entry = catalog.entries[id];
  if (!current && state.catalog && state.catalog.key === catalog.key && state.catalog.revision !== catalog.revision) {
    // a box of this file drawn before it was reloaded: the answer would be 409; keep the text
    if (keepDraft(draftKey, entry, change)) {
      const { homes } = rehomeDrafts(catalog, state.catalog);
      const own = state.catalog.entries.find((e) => entryKey(e) === entryKey(entry));
      // only the rows that got a draft: a box someone is typing in elsewhere stays as it is
      if (state.view === "sides") for (const id of new Set([...homes, ...(own ? [own.id] : [])])) refreshRow(id);
      renderOrphans();
    }
    return false;
  }
  const unchanged = Object.entries(change).every(([name, value]) =>
    (name === "msgstr" && value === entry.msgstr) || (name === "comment" && value === entry.comment) ||
    (name === "fuzzy" && value === entry.fuzzy && (value || !openProblems(entry).length)));
  // (approving an approved sentence whose findings are not marked seen yet marks them: a PUT)
  if (unchanged) {
    dropDraft(draftKey, change);
    return true;
  }
  status("Saving…");
  let answer = await api("PUT", `${catalog.url}/entries/${id}`, { ...change, revision: catalog.revision });
  while (answer.status === 503 && answer.data.retry) {
    // a translate run is replacing this file right now: say so, and send the save again
    status(answer.data.error);
    await new Promise((done) => setTimeout(done, answer.data.retry * 1000));
    answer = await api("PUT", `${catalog.url}/entries/${id}`, { ...change, revision: catalog.revision });
  }
  const { status: code, data } = answer;
  if (code === 409) {
    keepDraft(draftKey, entry, change);
    if (catalog.key === `${state.language}/${state.path}` && state.catalog) await reloadAfterConflict(catalog);
    else status("Not saved: the file changed on disk; your text waits in its box", true);
    return false;
  }
  if (code === 423) return refusedOnDisk(id, change, origin, data.error);
  if (code !== 200) { status(`Not saved: ${data.error}`, true); return false; }
  catalog.revision = data.revision;
  dropDraft(draftKey, change);
  if ("msgstr" in change) entry.msgstr = change.msgstr;
  if ("comment" in change) entry.comment = change.comment.trim();
  if ("fuzzy" in change) { entry.fuzzy = change.fuzzy; if (!change.fuzzy) entry.previous_msgid = null; }
  entry.qa = data.qa; entry.qa_seen = data.qa_seen; // checked again on the text as saved
  if (current) { refreshRow(id); updateProgress(); }
  if (data.warning) status(data.warning, true);  // saved all the same: the memory alone failed
  else status(change.fuzzy === false ? "Approved and saved" : "Saved");
  return current;
}

function refusedOnDisk(id, change, origin, error) {
  // the file or its folder takes no save (read-only): the text stays here, marked unsaved, and
  // the reason stays in view until the editor closes it, not for a few seconds
  const { catalog, draftKey } = origin;
  keepDraft(draftKey, catalog.entries[id], change);
  if (catalog === state.catalog && state.view === "sides") refreshRow(id);
  const banner = $("banner");
  banner.replaceChildren(el("strong", {}, "Not saved. "), error, " ",
    el("button", { type: "button", onclick: () => { banner.hidden = true; } }, "OK"));
  banner.hidden = false;
  status("Not saved: see the message at the top", true);
  return false;
}

function refreshRow(id) {
  // a sentence repeated in several blocks has a row in each
  for (const row of document.querySelectorAll(`.sheet .sentence[data-id="${id}"]`)) {
    const block = state.catalog.blocks[Number(row.closest(".block").dataset.block)];
    const focused = row.contains(document.activeElement) ? document.activeElement : null;
    const fresh = sentenceRow(state.catalog.entries[id], block);
    row.replaceWith(fresh);
    if (focused && focused.tagName === "TEXTAREA") {
      const again = fresh.querySelector(focused.closest(".comment") ? ".comment textarea" : ".edit textarea");
      again.focus({ preventScroll: true });
      again.setSelectionRange(focused.selectionStart, focused.selectionEnd);
    }
  }
  markActive(state.activeId);
  applyFilter();
}

function keepDraft(draftKey, entry, change) {
  // what the refused change typed: its translation and comment, unless they are what the
  // entry already says. True when something was kept.
  const draft = state.drafts.get(draftKey) || { writtenFor: entry.msgid };
  let kept = false;
  for (const name of ["msgstr", "comment"]) {
    if (name in change && change[name] !== entry[name]) { draft[name] = change[name]; kept = true; }
  }
  if (kept || "msgstr" in draft || "comment" in draft) state.drafts.set(draftKey, draft);
  return kept;
}

function dropDraft(draftKey, change) {
  // saved (or back to what the file says): that part is no draft any more
  const draft = state.drafts.get(draftKey);
  if (!draft) return;
  for (const name of ["msgstr", "comment"]) if (name in change) delete draft[name];
  if (!("msgstr" in draft) && !("comment" in draft)) state.drafts.delete(draftKey);
}

// An entry is its context and its source, as in gettext: one sentence may be an HTML page's
// title, its heading and its text, three entries told apart by msgctxt ("\u0004" joins them
// in a compiled catalog too). Drafts are kept per entry, so per both.
const entryKey = (entry) => `${entry.msgctxt ?? ""}\u0004${entry.msgid}`;
const draftKeyOf = (catalog, entry) => `${catalog.key}\n${entryKey(entry)}`;

function rehomeDrafts(stale, fresh) {
  // After a reload, a draft whose sentence is no longer in the file goes where that sentence
  // went, as msgmerge would match it: to the entry translate made of it (its `#|` previous
  // source; one with the same context first), else to a sentence new to the file at the same
  // place of the same block. With neither it becomes an orphan, shown with its old source to
  // copy: never dropped.
  const prefix = `${fresh.key}\n`;
  const freshIds = new Set(fresh.entries.map(entryKey));
  const staleIds = new Set(stale.entries.map(entryKey));
  const result = { moved: 0, orphaned: 0, homes: [] };
  let homeless = [];
  for (const [key, draft] of [...state.drafts]) {
    if (!key.startsWith(prefix) || freshIds.has(key.slice(prefix.length))) continue;
    state.drafts.delete(key);
    const [context, msgid] = key.slice(prefix.length).split("\u0004");
    homeless.push({ key: key.slice(prefix.length), context, msgid, draft });
  }
  // the surest match first, for every draft, so a weaker one never takes a surer one's place
  const became = (lost) => fresh.entries.filter((e) => e.previous_msgid === lost.msgid);
  const candidates = [
    (lost) => became(lost).filter((e) => (e.msgctxt ?? "") === lost.context),
    became,
    (lost) => { // a sentence new to the file, which translate did not name as what another one became
      const there = samePlace(stale, fresh, lost.key);
      return there && !staleIds.has(entryKey(there)) && !there.previous_msgid ? [there] : [];
    },
  ];
  for (const candidatesOf of candidates) {
    homeless = homeless.filter((lost) => {
      const fits = (e) => mergedDraft(state.drafts.get(draftKeyOf(fresh, e)), lost.draft) !== null;
      const home = candidatesOf(lost).find(fits);
      if (!home) return true;
      state.drafts.set(draftKeyOf(fresh, home), mergedDraft(state.drafts.get(draftKeyOf(fresh, home)), lost.draft));
      result.moved += 1;
      result.homes.push(home.id);
      return false;
    });
  }
  for (const lost of homeless) {
    if (keepOrphan({ key: fresh.key, ...lost.draft, writtenFor: lost.draft.writtenFor ?? lost.msgid })) result.orphaned += 1;
  }
  return result;
}

function mergedDraft(there, draft) {
  // `draft` joined to the draft already on an entry; null when they say different things
  // (a box of a row drawn before the reload sends again what is kept already: the same)
  if (!there) return draft;
  for (const name of ["msgstr", "comment"]) if (name in there && name in draft && there[name] !== draft[name]) return null;
  return { ...draft, ...there };
}

function keepOrphan(orphan) {
  const same = (o) => o.key === orphan.key && o.writtenFor === orphan.writtenFor && o.msgstr === orphan.msgstr &&
    o.comment === orphan.comment;
  if (state.orphans.some(same)) return false;
  state.orphans.push(orphan);
  return true;
}

function samePlace(stale, fresh, key) {
  // the entry of `fresh` at the position the entry `key` had in its block of `stale` (the
  // first block with the same label)
  const old = stale.entries.find((e) => entryKey(e) === key);
  const block = old && stale.blocks.find((b) => b.entries.includes(old.id));
  if (!block || !block.label) return null;
  const position = block.entries.indexOf(old.id);
  for (const candidate of fresh.blocks.filter((b) => b.label === block.label)) {
    const entry = fresh.entries[candidate.entries[position]];
    if (entry) return entry;
  }
  return null;
}

function renderOrphans() {
  // drafts whose sentence left the open article, above it until the editor dismisses them
  const panel = $("orphans");
  const mine = state.catalog ? state.orphans.filter((o) => o.key === state.catalog.key) : [];
  panel.hidden = mine.length === 0;
  panel.replaceChildren(
    el("h2", {}, "Your unsaved text for sentences no longer in the article"),
    el("p", {}, "The source changed (a translate run or another tool) and these sentences are gone. " +
      "Copy what you need into the sentence where it belongs, then dismiss it."),
    ...mine.map((orphan) => {
      const parts = [];
      for (const [name, label] of [["msgstr", "Your translation"], ["comment", "Your comment"]]) {
        if (!(name in orphan)) continue;
        const text = el("textarea", { readonly: true, rows: 2, "aria-label": label,
          dir: name === "msgstr" && state.catalog ? state.catalog.target_direction : "auto" });
        text.value = orphan[name];
        parts.push(el("label", {}, label), text);
      }
      return el("div", { class: "orphan" },
        el("div", { class: "before" }, "Source was: ", el("del", { dir: "auto" }, orphan.writtenFor)), parts,
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: (event) => copyOrphan(event.target, orphan) }, "Copy"),
          el("button", { type: "button", onclick: () => { state.orphans.splice(state.orphans.indexOf(orphan), 1); renderOrphans(); } },
            "Dismiss")));
    }));
}

function copyOrphan(button, orphan) {
  const text = orphan.msgstr ?? orphan.comment ?? "";
  navigator.clipboard.writeText(text).then(() => { button.textContent = "Copied"; },
    () => { const box = button.closest(".orphan").querySelector("textarea"); box.focus(); box.select(); });
}

async function reloadAfterConflict(stale, editRefused = true) {
  // the file changed under us: reload it, mark what changed; drafts keep the editor's text
  const before = stale.entries;
  const activeId = state.activeId;
  await openArticle(state.language, state.path, true);
  const rehomed = rehomeDrafts(stale, state.catalog);
  renderOrphans();
  const after = state.catalog.entries;
  const changed = new Set();
  after.forEach((entry, index) => {
    const old = before[index];
    if (!old || old.msgid !== entry.msgid || old.msgstr !== entry.msgstr || old.fuzzy !== entry.fuzzy ||
        old.comment !== entry.comment) changed.add(index);
  });
  state.changed = changed;
  if (state.view === "sides") {
    renderSheet();
    if (activeId !== null && after[activeId]) focusEntry(activeId);
  }
  const banner = $("banner");
  banner.replaceChildren(
    el("strong", {}, "This file changed on disk while you were working "),
    "(another tab, a translate run or another tool). ",
    `${plural(changed.size, "sentence")} changed; they are marked “changed on disk”. `,
    editRefused && !rehomed.orphaned && !rehomed.moved ?
      "Your edit was not saved yet: it is back in its box, marked “unsaved”; check it and save or approve again. " : "",
    editRefused && (rehomed.orphaned || rehomed.moved) ? "Your edit was not saved yet. " : "",
    rehomed.moved ? `What you typed for ${plural(rehomed.moved, "sentence")} whose source changed is on the sentence it became, marked “unsaved”: check it and save or approve it. ` : "",
    rehomed.orphaned ? `What you typed for ${plural(rehomed.orphaned, "sentence")} no longer in the article is shown above with its old source, to copy. ` : "",
    el("button", { type: "button", onclick: () => { banner.hidden = true; } }, "OK"));
  banner.hidden = false;
  if (editRefused) status("Not saved: the file changed on disk", true);
}

function watchForChanges() {
  // A translate run or another tool may change the open file: look every few seconds (in the
  // save queue, so a save's new revision is never mistaken for someone else's change) and
  // offer to reload. Saves are safe either way: a stale one is refused.
  const catalog = state.catalog;
  if (!catalog || document.hidden) return;
  state.queue = state.queue.then(async () => {
    if (catalog !== state.catalog) return true;
    const { status: code, data } = await api("GET", catalog.url);
    if (code !== 200 || catalog !== state.catalog || data.revision === catalog.revision) return true;
    if ($("banner").dataset.offer === catalog.revision) return true;
    $("banner").dataset.offer = catalog.revision;
    $("banner").replaceChildren(el("strong", {}, "This file changed on disk "),
      "(another tab, a translate run or another tool). ",
      el("button", { type: "button", onclick: () => reloadAfterConflict(catalog, false) }, "Reload and show what changed"));
    $("banner").hidden = false;
    return true;
  });
}
setInterval(watchForChanges, 4000);

// --- navigation ------------------------------------------------------------------------
function reviewOrder() {
  // entry ids in the order they appear in the article
  const seen = new Set();
  const order = [];
  for (const block of state.catalog.blocks) for (const id of block.entries) if (!seen.has(id)) { seen.add(id); order.push(id); }
  return order;
}

function moveToReview(step, from = state.activeId) {
  if (!state.catalog) return;
  if (state.view !== "sides") setView("sides");
  const order = reviewOrder();
  const start = from === null ? (step > 0 ? -1 : order.length) : order.indexOf(from);
  for (let i = 1; i <= order.length; i++) {
    const index = (start + step * i + order.length * 2) % order.length;
    const entry = state.catalog.entries[order[index]];
    if (needsReview(entry) && entry.id !== from) { focusEntry(entry.id); return; }
  }
  status("Nothing left to review in this article ✓");
}

function focusEntry(id) {
  markActive(id);
  applyFilter();
  const row = document.querySelector(`.sheet .sentence[data-id="${id}"]`);
  if (!row) return;
  const box = row.querySelector(".edit textarea");
  row.scrollIntoView({ block: "center", behavior: "instant" });
  box.focus({ preventScroll: true });
  box.setSelectionRange(box.value.length, box.value.length);
}

function onBoxKey(event, id, box, origin) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault(); approve(id, box, origin);
  } else if (event.key === "s" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault(); save(id, { msgstr: box.value }, origin);
  } else if (event.key === "Escape") {
    box.blur();
  } else if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault(); // one sentence, one line: Enter does not break it (Shift+Enter does)
    save(id, { msgstr: box.value }, origin);
  }
}

function onKey(event) {
  if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    event.preventDefault(); moveToReview(event.key === "ArrowDown" ? 1 : -1); return;
  }
  const typing = ["TEXTAREA", "INPUT"].includes(document.activeElement.tagName) || $("help").open;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
    // a text box saves its own Ctrl+S; anywhere else the browser would offer to save the page
    if (!event.defaultPrevented) {
      event.preventDefault();
      status("Nothing to save: every change is saved to the PO file as you make it");
    }
    return;
  }
  if (typing || event.ctrlKey || event.metaKey || event.altKey || !state.catalog) {
    if (event.key === "?" && !typing) $("help").showModal();
    return;
  }
  // Shift and Caps Lock give "J": the same key for an editor
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === "j" || key === "n") { event.preventDefault(); moveToReview(1); }
  else if (key === "k") { event.preventDefault(); moveToReview(-1); }
  else if (key === "f") { event.preventDefault(); $("filter").checked = !$("filter").checked; applyFilter(); }
  else if (key === "p") { event.preventDefault(); setView(state.view === "preview" ? "sides" : "preview"); }
  else if (key === "?") $("help").showModal();
}

// --- preview ---------------------------------------------------------------------------
async function setView(view) {
  state.view = view;
  $("view-sides").classList.toggle("on", view === "sides");
  $("view-preview").classList.toggle("on", view === "preview");
  if (!state.catalog) return;
  if (view === "preview") await showPreview(); else renderSheet();
}

async function showPreview() {
  await state.queue; // show what was saved
  const { status: code, data } = await api("GET", previewUrl(state.language, state.path));
  if (code !== 200) { status(`No preview: ${data.error}`, true); return; }
  const page = el("article", { class: "preview marked", lang: state.catalog.target_tag,
    dir: state.catalog.target_direction });
  // built by the server: escaped text, markdown-it with HTML off, or an HTML article's inline
  // markup cleaned by nh3 (no scripts, no event handlers, links to http(s) and mailto only)
  page.innerHTML = data.html;
  // a link in the preview is part of a sentence: a click edits the sentence, it does not leave
  page.addEventListener("click", (event) => { if (event.target.closest("a")) event.preventDefault(); });
  for (const sentence of page.querySelectorAll(".sentence")) {
    sentence.title = `${sentence.classList.contains("reviewed") ? "reviewed" : sentence.classList.contains("fuzzy") ? "fuzzy: needs review" : "untranslated"} · click to edit`;
    sentence.addEventListener("click", () => { setView("sides").then(() => focusEntry(Number(sentence.dataset.id))); });
  }
  const marks = el("label", {}, el("input", { type: "checkbox", checked: true,
    onchange: (event) => page.classList.toggle("marked", event.target.checked) }), " mark sentences still to review");
  $("main").replaceChildren(el("p", { class: "preview-note" },
    el("span", {}, "The localized article as readers will see it, from the PO file as saved now. Click a sentence to edit it."),
    marks), page);
}
