// Justera: the secretary's screens. Everything works without this script; it adds autosave
// (with a copy in the browser until the server has it), the live tally and keyboard entry of
// the roll-call sheet, and live updates when someone else changes the meeting.
(function () {
  "use strict";

  // --- Autosave of the paragraph text --------------------------------------------------
  var form = document.getElementById("paragraph-text");
  var status = document.getElementById("autosave-status");
  var dirty = false;
  function say(text) { if (status) { status.textContent = text; } }
  function fields(f) {
    var out = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) { out[el.name + "=" + el.value] = true; } }
      else { out[el.name] = el.value; }
    });
    return out;
  }
  function restore(f, data) {
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = !!data[el.name + "=" + el.value]; }
      else if (Object.prototype.hasOwnProperty.call(data, el.name)) { el.value = data[el.name]; }
    });
  }
  // Every edit from this page carries the page's own token, so the live updates can tell
  // this page's changes from someone else's.
  var client = (function () {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) { window.crypto.getRandomValues(bytes); }
    else { for (var i = 0; i < bytes.length; i += 1) { bytes[i] = Math.floor(Math.random() * 256); } }
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }());
  Array.prototype.forEach.call(document.querySelectorAll("form[action$='/andra']"), function (f) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "client";
    input.value = client;
    f.appendChild(input);
  });

  if (form && form.dataset.autosave === "true" && window.fetch) {
    var key = form.dataset.key;
    var base = form.elements.base;
    var timer = null;
    var saving = false;
    var again = false;
    var conflict = false;
    var keep = function () {
      try { localStorage.setItem(key, JSON.stringify({ base: base.value, data: fields(form), at: Date.now() })); } catch (e) { /* private mode */ }
    };
    var panel = document.getElementById("conflict");
    var element = function (tag, text, cls) {
      var el = document.createElement(tag);
      if (text !== undefined) { el.textContent = text; }
      if (cls) { el.className = cls; }
      return el;
    };
    // Someone else saved the paragraph meanwhile: both texts side by side, the secretary
    // chooses per section, nothing is saved until then and nothing typed is lost.
    var showConflict = function (body) {
      conflict = true;
      panel.textContent = "";
      var box = element("div", undefined, "conflict");
      box.setAttribute("role", "alert");
      box.appendChild(element("h3", "Någon annan har ändrat paragrafen medan du skrev"));
      box.appendChild(element("p", "Inget är sparat ännu och din text finns kvar. Välj för varje del vilken text som ska gälla och spara sedan."));
      var choices = [];
      (body.differences || []).forEach(function (d, i) {
        var fs = element("fieldset");
        fs.appendChild(element("legend", d.label));
        var both = element("div", undefined, "both");
        var mine = element("div"); mine.appendChild(element("p", "Din text", "help")); mine.appendChild(element("pre", d.mine || "(tomt)"));
        var theirs = element("div"); theirs.appendChild(element("p", "Den sparade texten", "help")); theirs.appendChild(element("pre", d.theirs || "(tomt)"));
        both.appendChild(mine); both.appendChild(theirs);
        fs.appendChild(both);
        [["mine", "Behåll min text"], ["theirs", "Använd den sparade texten"]].forEach(function (opt, j) {
          var id = "conflict-" + i + "-" + opt[0];
          var r = element("input"); r.type = "radio"; r.name = "conflict-" + i; r.value = opt[0]; r.id = id; r.checked = j === 0;
          var l = element("label", opt[1]); l.htmlFor = id;
          var span = element("span", undefined, "check"); span.appendChild(r); span.appendChild(l);
          fs.appendChild(span);
        });
        box.appendChild(fs);
        choices.push(d);
      });
      var button = element("button", "Spara mitt val");
      button.type = "button";
      button.addEventListener("click", function () {
        choices.forEach(function (d, i) {
          var chosen = box.querySelector("input[name='conflict-" + i + "']:checked");
          if (!chosen || chosen.value !== "theirs") { return; }
          var els = form.querySelectorAll("[name='" + d.name + "']");
          Array.prototype.forEach.call(els, function (el) {
            if (el.type === "checkbox") { el.checked = d.theirs === "1"; }
            else if (el.type === "radio") { el.checked = el.value === d.theirs; }
            else { el.value = d.theirs; }
          });
        });
        base.value = body.fingerprint;
        panel.textContent = "";
        conflict = false;
        keep();
        save();
      });
      box.appendChild(button);
      panel.appendChild(box);
      say("Inte sparat: någon annan har ändrat paragrafen. Välj nedan vilken text som ska gälla.");
      button.focus();
    };
    var save = function () {
      if (conflict) { return; }
      if (saving) { again = true; return; }
      saving = true;
      say("Sparar …");
      // (form.action would be the hidden input named "action", not the attribute.)
      fetch(form.getAttribute("action"), {
        method: "POST",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: "same-origin"
      }).then(function (r) {
        return r.text().then(function (text) {
          var body = null;
          try { body = JSON.parse(text); } catch (e) { body = null; }
          return { ok: r.ok, status: r.status, body: body };
        });
      }).then(function (res) {
        if (res.ok && res.body) {
          if (res.body.fingerprint) { base.value = res.body.fingerprint; }
          try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
          dirty = false;
          say("Sparat " + res.body.saved_at + ".");
        } else if (res.status === 409 && res.body && res.body.differences) {
          showConflict(res.body);
        } else if (res.body && res.body.error) {
          say("Inte sparat: " + res.body.error + " Texten finns kvar här och i webbläsaren.");
        } else {
          say("Inte sparat: servern svarade med fel " + res.status + ". Texten finns kvar här och i webbläsaren.");
        }
      }).catch(function () {
        say("Inte sparat – ingen förbindelse med servern. Texten finns kvar i webbläsaren och sparas när förbindelsen är tillbaka.");
      }).then(function () {
        saving = false;
        if (again) { again = false; save(); }
      });
    };
    form.addEventListener("input", function () {
      dirty = true;
      keep();
      say("Ändrat – sparas strax …");
      clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
    window.addEventListener("online", function () { if (dirty) { save(); } });
    window.addEventListener("pagehide", function () { if (dirty) { keep(); } });
    // Text typed before the tab was closed or the connection dropped.
    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null");
      if (kept && JSON.stringify(kept.data) !== JSON.stringify(fields(form))) {
        if (kept.base === base.value) {
          restore(form, kept.data);
          dirty = true;
          say("Osparad text från förra gången är återställd och sparas nu.");
          save();
        } else {
          // Typed on an older version: shown again and saved on that version, so the server
          // answers with both texts to choose between instead of the text hiding here.
          restore(form, kept.data);
          base.value = kept.base;
          dirty = true;
          say("Osparad text från förra gången är återställd. Någon annan har ändrat paragrafen sedan dess; jämför och välj.");
          save();
        }
      }
    } catch (e) { /* ignore */ }
  }

  // --- The roll-call sheets (the next question, and a vote requested on a finding) --------
  Array.prototype.forEach.call(document.querySelectorAll("form.rollcall-sheet"), function (sheet) {
    var ballots = Array.prototype.slice.call(sheet.querySelectorAll("fieldset.ballot"));
    var tally = sheet.querySelector(".tally");
    var casting = sheet.querySelector(".casting-field");
    var count = function () {
      var yes = 0, no = 0, abstain = 0, none = 0;
      ballots.forEach(function (fs) {
        var c = fs.querySelector("input:checked");
        if (!c) { none += 1; } else if (c.value === "yes") { yes += 1; } else if (c.value === "no") { no += 1; } else { abstain += 1; }
      });
      tally.textContent = "Ja " + yes + " · Nej " + no + " · Avstår " + abstain + " · Ej avgivna " + none +
        (none === 0 && yes === no ? " – lika röstetal: ordförandens utslagsröst (eller lotten i val) avgör" : "");
      if (casting) { casting.classList.toggle("attention", none === 0 && yes === no); }
    };
    sheet.addEventListener("change", count);
    sheet.addEventListener("keydown", function (ev) {
      var fs = ev.target.closest && ev.target.closest("fieldset.ballot");
      if (!fs) { return; }
      var value = { j: "yes", n: "no", a: "abstain" }[ev.key.toLowerCase()];
      if (!value) { return; }
      ev.preventDefault();
      var radio = fs.querySelector("input[value=" + value + "]");
      radio.checked = true;
      count();
      var next = ballots[ballots.indexOf(fs) + 1];
      if (next) { next.querySelector("input").focus(); } else { sheet.querySelector("button[type=submit]").focus(); }
    });
    count();
  });

  // --- Attendance: choosing a substitute marks the seat as served by them --------------------
  Array.prototype.forEach.call(document.querySelectorAll("#attendance select[data-radio]"), function (select) {
    select.addEventListener("change", function () {
      var radio = document.getElementById(select.dataset.radio);
      if (radio && select.value) { radio.checked = true; }
    });
  });

  // --- Reservations: a party group in one click --------------------------------------------
  var reservations = document.querySelector("form.reservations fieldset");
  if (reservations) {
    var boxes = Array.prototype.slice.call(reservations.querySelectorAll("input[type=checkbox]"));
    var parties = {};
    boxes.forEach(function (box) {
      var label = reservations.querySelector("label[for='" + box.id + "']");
      var m = label && /\(([^)]+)\)\s*$/.exec(label.textContent);
      if (m) { (parties[m[1]] = parties[m[1]] || []).push(box); }
    });
    var bar = document.createElement("p");
    bar.className = "party-buttons";
    Object.keys(parties).forEach(function (party) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "small secondary";
      b.textContent = "Markera (" + party + ")";
      b.addEventListener("click", function () { parties[party].forEach(function (x) { x.checked = true; }); });
      bar.appendChild(b);
      bar.appendChild(document.createTextNode(" "));
    });
    if (Object.keys(parties).length > 1) { reservations.appendChild(bar); }
  }

  // --- Live updates ------------------------------------------------------------------------
  var live = document.getElementById("live");
  if (live && window.EventSource) {
    // A form being submitted must not be cut off by a reload: the change announced is usually
    // the one this very form made, and the answer to it is already on its way.
    var leaving = false;
    document.addEventListener("submit", function () { leaving = true; });
    window.addEventListener("beforeunload", function () { leaving = true; });
    var source = new EventSource(live.dataset.events);
    source.addEventListener("change", function (ev) {
      if (leaving) { return; }
      var data = {};
      try { data = JSON.parse(ev.data || "{}"); } catch (e) { data = {}; }
      if (data.origin && data.origin === client) { return; }
      var active = document.activeElement;
      var busy = dirty || (active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.value);
      if (busy) {
        live.textContent = "Sammanträdet har ändrats av någon annan. Ladda om sidan när du är klar med det du skriver.";
        live.className = "notice";
      } else {
        window.location.reload();
      }
    });
  }
}());
