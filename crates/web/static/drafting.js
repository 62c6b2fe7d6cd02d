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
  if (form && form.dataset.autosave === "true" && window.fetch) {
    var key = form.dataset.key;
    var base = form.elements.base;
    var timer = null;
    var saving = false;
    var again = false;
    var keep = function () {
      try { localStorage.setItem(key, JSON.stringify({ base: base.value, data: fields(form), at: Date.now() })); } catch (e) { /* private mode */ }
    };
    var save = function () {
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
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (res) {
        if (res.ok) {
          if (res.body.fingerprint) { base.value = res.body.fingerprint; }
          try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
          dirty = false;
          say("Sparat " + res.body.saved_at + ".");
        } else {
          say("Inte sparat: " + (res.body.error || "okänt fel") + " Texten finns kvar här och i webbläsaren.");
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
          say("Det finns osparad text från en äldre version av paragrafen i webbläsaren. Någon annan har ändrat paragrafen sedan dess; jämför innan du skriver in den igen.");
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
    source.addEventListener("change", function () {
      if (leaving) { return; }
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
