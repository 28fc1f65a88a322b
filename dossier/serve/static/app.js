// Dossier's live preview: follow the push channel and bring each view up to date, keeping its scroll.
"use strict";

(() => {
  const page = document.body.dataset.page;
  const events = () => new EventSource("/events");

  if (page === "index") {
    events().onmessage = () => window.location.reload();
    return;
  }
  if (page !== "brief") return;

  const name = document.body.dataset.name;
  const base = `/b/${encodeURIComponent(name)}/`;
  const $ = id => document.getElementById(id);
  const shown = {html: 0, pdf: 0, deck: 0, images: 0};

  // Tabs: the view in the address's #fragment, so a reload keeps it.
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const choose = (view, focus) => {
    for (const tab of tabs) {
      const on = tab.dataset.view === view;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      $(`view-${tab.dataset.view}`).hidden = !on;
      if (on && focus) tab.focus();
    }
    history.replaceState(null, "", `#${view}`);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => choose(tab.dataset.view));
    tab.addEventListener("keydown", event => {
      const step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
      if (step) choose(tabs[(i + step + tabs.length) % tabs.length].dataset.view, true);
    });
  });
  const wanted = location.hash.slice(1);
  choose(tabs.some(t => t.dataset.view === wanted) ? wanted : "html");

  const element = (tag, text, className) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };

  const keepingScroll = (box, change) => {
    const top = box.scrollTop;
    change();
    box.scrollTop = top;
  };

  const showHtml = version => {
    const frame = $("edition");
    let top = 0;
    try { top = frame.contentWindow.scrollY; } catch (error) { top = 0; }
    frame.addEventListener("load", () => {
      try { frame.contentWindow.scrollTo(0, top); } catch (error) { /* nothing to keep */ }
      document.body.dataset.html = String(version);
    }, {once: true});
    frame.src = `${base}edition.html?v=${version}`;
  };

  const showPdf = (version, view) => {
    $("pdf-note").textContent = view.error || `${view.pages} page${view.pages === 1 ? "" : "s"}`;
    keepingScroll($("view-pdf"), () => {
      const box = $("pages");
      for (let n = 1; n <= view.pages; n++) {
        const img = box.children[n - 1] || box.appendChild(element("img"));
        img.src = `${base}pages/${version}/${n}.png`;
        img.alt = `Page ${n} of ${view.pages} of the PDF`;
      }
      while (box.children.length > view.pages) box.lastChild.remove();
    });
    document.body.dataset.pdf = String(version);
  };

  const showDeck = (version, view) => {
    const slides = view.slides || [];
    $("deck-note").textContent = view.error || `${slides.length} slides` +
      (view.images ? "" : view.imaging ? " · outline; LibreOffice's slide images follow" : " · outline");
    keepingScroll($("view-deck"), () => {
      const list = $("slides");
      list.replaceChildren(...slides.map((slide, i) => {
        const item = element("li");
        if (view.images) {
          item.className = "with-image";
          const img = element("img");
          img.src = `${base}slides/${version}/${i + 1}.png`;
          img.alt = `Slide ${i + 1}`;
          item.append(img);
        }
        const body = element("div");
        const heading = element("h2");
        heading.append(element("span", String(i + 1), "number"), document.createTextNode(slide.title || "—"));
        body.append(heading);
        if (slide.lines.length) {
          const bullets = element("ul");
          for (const [level, text] of slide.lines) bullets.append(element("li", text, `level-${Math.min(level, 2)}`));
          body.append(bullets);
        }
        if (slide.notes) {
          const notes = element("p", "", "notes");
          notes.append(element("b", "Notes: "), document.createTextNode(slide.notes));
          body.append(notes);
        }
        item.append(body);
        return item;
      }));
    });
    document.body.dataset.deck = String(version);
  };

  const apply = state => {
    const title = state.meta.title || name;
    $("title").textContent = title;
    document.title = `${title} · Dossier`;
    const busy = Object.values(state.views).some(v => v.stale);
    const status = $("status");
    status.textContent = state.problems.length ? `${state.problems.length} problem${state.problems.length > 1 ? "s" : ""}`
      : busy ? "updating" : "up to date";
    status.className = `badge ${state.problems.length ? "bad" : busy ? "busy" : "good"}`;
    $("problems").replaceChildren(...state.problems.map(text => element("li", text)));
    $("overlay").hidden = !state.problems.length;
    for (const tab of tabs) {
      const stale = tab.querySelector(".stale");
      stale.textContent = state.problems.length ? " · last good version" : " · updating";
      stale.hidden = !state.views[tab.dataset.view].stale;
    }
    const {html, pdf, deck} = state.views;
    if (html.version > shown.html) { shown.html = html.version; showHtml(html.version); }
    if (pdf.version > shown.pdf) { shown.pdf = pdf.version; showPdf(pdf.version, pdf); }
    if (deck.version > shown.deck || (deck.images || 0) !== shown.images) {
      shown.deck = deck.version; shown.images = deck.images || 0; showDeck(deck.version, deck);
    }
    document.body.dataset.problems = String(state.problems.length);
  };

  let fetching = Promise.resolve();
  const refresh = () => {
    fetching = fetching.then(() => fetch(`${base}state`, {cache: "no-store"}))
      .then(response => response.ok ? response.json() : null)
      .then(state => state && apply(state))
      .catch(() => { /* the server stopped; the next event retries */ });
  };
  const channel = events();
  channel.onmessage = event => { if (event.data === name) refresh(); };
  channel.onopen = refresh;
})();
