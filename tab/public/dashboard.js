/* global window, document, fetch, Chart, setTimeout, clearTimeout, URLSearchParams */
'use strict';
// The dashboard tab. In Teams: initialise teams-js, get an SSO token and send it as a Bearer token. Outside Teams
// (a browser, local mode) initialise fails or never answers: we fall back after a timeout and say "local mode".
(function () {
  var GRADES = ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'];
  var GRADE_COLOURS = ['#0b6a0b', '#3c78d8', '#b86e00', '#a4262c'];
  var charts = {};

  function $(id) { return document.getElementById(id); }
  function pct(r) { return r === null || r === undefined ? '–' : Math.round(r * 100) + '%'; }
  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var t = setTimeout(function () { reject(new Error('timed out')); }, ms);
      Promise.resolve(promise).then(function (v) { clearTimeout(t); resolve(v); }, function (e) { clearTimeout(t); reject(e); });
    });
  }
  function fillTable(table, head, rows) {
    table.textContent = '';
    var thead = table.createTHead().insertRow();
    head.forEach(function (h) { var th = document.createElement('th'); th.scope = 'col'; th.textContent = h; thead.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (r) { var tr = body.insertRow(); r.forEach(function (c) { tr.insertCell().textContent = String(c); }); });
  }
  function draw(id, config) {
    Chart.defaults.color = '#484848'; // 9:1 on white, above the default grey
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false }, config.options || {});
    charts[id] = new Chart($(id), config);
  }

  async function teamsToken() {
    var teams = window.microsoftTeams;
    if (!teams || !teams.app) return null;
    try {
      await withTimeout(teams.app.initialize(), 3000);
    } catch {
      return null; // not in Teams
    }
    return withTimeout(teams.authentication.getAuthToken(), 15000);
  }

  function render(d) {
    $('viewer').textContent = d.viewer ? 'Signed in as ' + d.viewer.name + ' (' + d.viewer.team + ')' : '';
    var labels = d.trend.map(function (t) { return t.month; });
    draw('chart-completion', {
      type: 'line',
      data: { labels: labels, datasets: [{ label: 'Completion %', data: d.trend.map(function (t) { return t.completionRate === null ? null : Math.round(t.completionRate * 100); }), borderColor: '#3c3f9a', backgroundColor: '#3c3f9a', spanGaps: true }] },
      options: { scales: { y: { min: 0, max: 100 } } },
    });
    fillTable($('table-completion'), ['Month', 'Allocated', 'Completed', 'Completion'], d.trend.map(function (t) { return [t.month, t.allocated, t.completed, pct(t.completionRate)]; }));
    var gradeSets = function (rows) {
      return GRADES.map(function (g, i) { return { label: g, data: rows.map(function (r) { return r.grades[g]; }), backgroundColor: GRADE_COLOURS[i] }; });
    };
    if (d.graded) {
      draw('chart-grades', { type: 'bar', data: { labels: labels, datasets: gradeSets(d.trend) }, options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } } } });
      fillTable($('table-grades'), ['Month'].concat(GRADES), d.trend.map(function (t) { return [t.month].concat(GRADES.map(function (g) { return t.grades[g]; })); }));
      var areas = d.gradesByServiceArea;
      draw('chart-areas', { type: 'bar', data: { labels: areas.map(function (a) { return a.serviceArea; }), datasets: gradeSets(areas) }, options: { indexAxis: 'y', scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } } } });
      fillTable($('table-areas'), ['Service area', 'Allocated', 'Completed'].concat(GRADES), areas.map(function (a) { return [a.serviceArea, a.allocated, a.completed].concat(GRADES.map(function (g) { return a.grades[g]; })); }));
    } else {
      // An ungraded programme: completed audits per area instead of grades.
      draw('chart-grades', { type: 'bar', data: { labels: labels, datasets: [{ label: 'Completed', data: d.trend.map(function (t) { return t.completed; }), backgroundColor: '#3c78d8' }] } });
      fillTable($('table-grades'), ['Month', 'Completed'], d.trend.map(function (t) { return [t.month, t.completed]; }));
      draw('chart-areas', { type: 'bar', data: { labels: d.gradesByServiceArea.map(function (a) { return a.serviceArea; }), datasets: [{ label: 'Completed', data: d.gradesByServiceArea.map(function (a) { return a.completed; }), backgroundColor: '#3c78d8' }] }, options: { indexAxis: 'y' } });
      fillTable($('table-areas'), ['Service area', 'Allocated', 'Completed'], d.gradesByServiceArea.map(function (a) { return [a.serviceArea, a.allocated, a.completed]; }));
    }
    $('moderation-rate').textContent = pct(d.moderation.changeRate);
    $('moderation-text').textContent = 'of ' + d.moderation.moderated + ' moderated audits changed grade (' + d.moderation.changed + ')';
    var scope = d.overdue.scope === 'all' ? 'All teams.' : d.overdue.scope === 'team' ? 'Your team: ' + d.overdue.team + '.' : 'Overdue lists are for team managers and QA.';
    var o = d.overdue;
    var shown = o.total > o.items.length ? ' Showing the ' + o.items.length + ' most days late.' : '';
    var older = o.older > 0 ? ' ' + o.older + ' older open audit' + (o.older === 1 ? '' : 's') + ' not listed (see audit-loop status).' : '';
    $('overdue-scope').textContent = scope + ' ' + o.total + ' overdue in ' + o.months[0] + ' to ' + o.months[o.months.length - 1] + '.' + shown + older;
    fillTable($('table-overdue'), ['Case', 'Team', 'Auditor', 'Due', 'Working days late'], d.overdue.items.map(function (o) { return [o.caseRef, o.team, o.auditorId, o.dueDate, o.workingDaysLate]; }));
  }

  async function load(month, token) {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    var res = await fetch('api/dashboard' + (month ? '?month=' + encodeURIComponent(month) : ''), { headers: headers });
    var body = await res.json();
    if (!res.ok) throw new Error(body && body.error ? body.error.message : 'The dashboard could not load (' + res.status + ').');
    return body;
  }

  async function start() {
    var token = null;
    try {
      token = await teamsToken();
    } catch {
      token = null; // in Teams but SSO failed: the server will say what to do
    }
    var mode = $('mode');
    mode.textContent = token ? 'Teams' : 'local mode';
    mode.className = token ? 'teams' : 'local';
    var monthInput = $('month');
    var month = new URLSearchParams(window.location.search).get('month');
    try {
      var data = await load(month, token);
      monthInput.value = data.month;
      render(data);
    } catch (e) {
      $('error').hidden = false;
      $('error').textContent = e.message;
    }
    monthInput.addEventListener('change', function () {
      if (!monthInput.value) return;
      load(monthInput.value, token).then(render, function (e) { $('error').hidden = false; $('error').textContent = e.message; });
    });
    document.body.dataset.ready = 'true';
  }

  start();
})();
