// Salience console: the small amount of behaviour htmx does not cover. Every URL is relative to
// the page's <base> (the application's root), so the console works under any path prefix.
(function () {
  'use strict';

  const KEY = 'salience.apiKey';
  const $ = (selector, root) => (root || document).querySelector(selector);

  // ---- API key: kept in this tab's session storage, sent as X-API-Key ----------------------------
  function apiKey() { return sessionStorage.getItem(KEY); }

  function flash(message, kind) {
    const box = $('#flash');
    if (!box) return;
    box.textContent = message;
    box.className = kind || 'info';
    clearTimeout(flash.timer);
    flash.timer = setTimeout(() => { box.textContent = ''; box.className = ''; }, 8000);
  }

  function openKeyDialog(reason) {
    const dialog = $('#key-dialog');
    $('#key-error').textContent = reason || '';
    if (dialog && !dialog.open) dialog.showModal();
    $('#key-input').focus();
  }

  function showKeyState() {
    const button = $('#key-button');
    if (button) button.textContent = apiKey() ? 'API key ✓' : 'API key';
  }

  async function saveKey(key) {
    // The session lets <img> tags read when reads are protected; actions send the header.
    const response = await fetch('console/session', {
      method: 'POST', body: new URLSearchParams({ key: key }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    });
    if (response.status === 401) {
      $('#key-error').textContent = 'That is not this service\'s API key.';
      return false;
    }
    sessionStorage.setItem(KEY, key);
    showKeyState();
    return true;
  }

  // Every htmx request carries the key when one was given.
  document.addEventListener('htmx:configRequest', (e) => {
    if (apiKey()) e.detail.headers['X-API-Key'] = apiKey();
  });

  // A fragment refused for want of the key (reads protected) says so instead of staying blank.
  document.addEventListener('htmx:responseError', (e) => {
    if (e.detail.xhr && e.detail.xhr.status === 401) {
      flash('Reading needs the API key here.', 'error');
      openKeyDialog('Reading needs the API key here.');
    }
  });

  /** A call to the JSON API with the key; a 401 says so and asks for the key. */
  async function api(method, url, body) {
    const headers = {};
    if (apiKey()) headers['X-API-Key'] = apiKey();
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method: method, headers: headers, body: payload });
    if (response.status === 401) {
      const problem = await response.json().catch(() => ({}));
      const detail = problem.detail || 'this action needs the API key';
      flash('Not allowed: ' + detail + '.', 'error');
      openKeyDialog('Not allowed: ' + detail + '.');
    }
    return response;
  }

  async function problemText(response) {
    const problem = await response.json().catch(() => null);
    return problem && problem.detail ? problem.detail : response.status + ' ' + response.statusText;
  }

  // ---- Buttons: cancel and delete, with confirmation ---------------------------------------------
  document.addEventListener('click', async (e) => {
    const cancel = e.target.closest('[data-cancel-job]');
    const del = e.target.closest('[data-delete-job]');
    if (cancel) {
      const id = cancel.dataset.cancelJob;
      if (!confirm('Cancel job #' + id + '? It stops before its next batch and keeps the epochs it finished.')) return;
      const response = await api('POST', 'api/jobs/' + id + '/cancel');
      if (response.ok) {
        flash('Job #' + id + ' is being cancelled.');
        document.body.dispatchEvent(new CustomEvent('jobs-changed', { bubbles: true }));
        const summary = $('#job-summary');
        if (summary && window.htmx) htmx.trigger(summary, 'refresh');
      } else if (response.status !== 401) {
        flash('Could not cancel job #' + id + ': ' + await problemText(response), 'error');
      }
    } else if (del) {
      const id = del.dataset.deleteJob;
      if (!confirm('Delete job #' + id + ' with its checkpoints and records? This cannot be undone.')) return;
      const response = await api('DELETE', 'api/jobs/' + id);
      if (response.ok) {
        if ($('#job-page')) { window.location.href = './'; return; }
        flash('Job #' + id + ' deleted.');
        document.body.dispatchEvent(new CustomEvent('jobs-changed', { bubbles: true }));
      } else if (response.status !== 401) {
        flash('Could not delete job #' + id + ': ' + await problemText(response), 'error');
      }
    }
  });

  // ---- New job form ------------------------------------------------------------------------------
  function recipeValue(recipe, path) {
    return path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), recipe.settings);
  }

  function setupJobForm() {
    const form = $('#new-job');
    if (!form) return;
    const recipes = JSON.parse($('#recipes-json').textContent);
    const recipeSelect = $('#f-recipe');
    const showRecipe = () => {
      const recipe = recipes.find((r) => r.name === recipeSelect.value);
      if (!recipe) return;
      $('#recipe-why').textContent = recipe.why;
      form.querySelectorAll('input[data-type]').forEach((input) => {
        const v = recipeValue(recipe, input.name);
        // What null means differs per field: all images for a limit, off for clipping.
        input.placeholder = v == null ? (input.dataset.none || 'all') : String(v);
      });
      form.querySelectorAll('select[data-type="bool"]').forEach((select) => {
        const v = recipeValue(recipe, select.name);
        select.options[0].textContent = 'recipe\'s (' + (v ? 'on' : 'off') + ')';
      });
      form.querySelectorAll('select[data-type="choice"]').forEach((select) => {
        select.options[0].textContent = 'recipe\'s (' + recipeValue(recipe, select.name) + ')';
      });
    };
    recipeSelect.addEventListener('change', showRecipe);
    showRecipe();

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
      form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
      const body = {};
      let bad = false;
      form.querySelectorAll('[data-type]').forEach((field) => {
        const raw = field.value.trim();
        if (raw === '') return;
        let value = raw;
        if (field.dataset.type === 'int' || field.dataset.type === 'float') {
          value = Number(raw);
          if (!Number.isFinite(value) || (field.dataset.type === 'int' && !Number.isInteger(value))) {
            showFieldError(field.name, field.dataset.type === 'int' ? 'must be a whole number' : 'must be a number');
            bad = true;
            return;
          }
        } else if (field.dataset.type === 'bool') {
          value = raw === 'true';
        }
        const path = field.name.split('.');
        let target = body;
        path.slice(0, -1).forEach((k) => { target = target[k] = target[k] || {}; });
        target[path[path.length - 1]] = value;
      });
      if (bad) return;
      const button = $('#submit-job');
      button.disabled = true;
      try {
        const response = await api('POST', 'api/jobs', body);
        if (response.status === 202 || response.ok) {
          const job = await response.json();
          window.location.href = 'jobs/' + job.id;
          return;
        }
        if (response.status === 401) return;
        const problem = await response.json().catch(() => ({}));
        const errors = problem.errors || [];
        let shown = false;
        errors.forEach((err) => { shown = showFieldError(err.field, err.message) || shown; });
        if (!shown) $('#err-form').textContent = problem.detail || ('The job was refused: ' + response.status);
      } finally {
        button.disabled = false;
      }
    });
  }

  function showFieldError(field, message) {
    const id = String(field || '').replace(/\./g, '-');
    const box = document.getElementById('err-' + id);
    if (!box) return false;
    box.textContent = (box.textContent ? box.textContent + '; ' : '') + message;
    const input = document.getElementById('f-' + id);
    if (input) input.setAttribute('aria-invalid', 'true');
    return true;
  }

  // ---- Charts (uPlot) ----------------------------------------------------------------------------
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

  function drawChart(element, data, series, options) {
    if (!element || !window.uPlot) return;
    if (element.plot) element.plot.destroy();
    element.plot = null;
    element.innerHTML = '';
    if (!data[0].length) {
      // An empty frame looks broken; say why there is nothing to draw yet.
      const note = document.createElement('p');
      note.className = 'chart-empty muted';
      note.textContent = (options && options.empty) || 'Nothing to draw yet.';
      element.appendChild(note);
      element.dataset.points = '0';
      return;
    }
    const width = Math.max(260, element.clientWidth || 360);
    const extra = (options && options.extra) || {};
    element.plot = new uPlot(Object.assign({
      width: width, height: 220,
      scales: Object.assign({ x: { time: false } }, extra.scales || {}),
      series: [{ label: options && options.xLabel || 'epoch' }].concat(series),
      // whole epochs and steps only on the x axis
      axes: [{ label: options && options.xLabel || 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] },
        { label: options && options.yLabel || '' }],
      legend: { live: false }
    }, { cursor: extra.cursor || {} }), data, element);
    element.dataset.points = String(data[0].length);
  }

  const NO_EPOCH = 'No epoch has finished yet: each point appears when an epoch ends.';

  async function loadJobCharts(id) {
    const [metrics, steps] = await Promise.all([
      fetchJson('api/jobs/' + id + '/metrics'), fetchJson('api/jobs/' + id + '/steps')]);
    if (!metrics) return;
    const epochs = metrics.map((m) => m.epoch);
    drawChart($('#chart-accuracy'), [epochs, metrics.map((m) => m.trainAccuracy * 100), metrics.map((m) => m.testAccuracy * 100)],
      [{ label: 'train %', stroke: COLORS[0], points: { show: true } }, { label: 'test %', stroke: COLORS[1], points: { show: true } }],
      { yLabel: 'accuracy %', empty: NO_EPOCH });
    drawChart($('#chart-loss'), [epochs, metrics.map((m) => m.trainLoss), metrics.map((m) => m.testLoss)],
      [{ label: 'train', stroke: COLORS[0], points: { show: true } }, { label: 'test', stroke: COLORS[1], points: { show: true } }],
      { yLabel: 'loss', empty: NO_EPOCH });
    const logged = steps || [];
    drawChart($('#chart-steps'), [logged.map((s) => s.step), logged.map((s) => s.loss)],
      [{ label: 'loss', stroke: COLORS[2] }],
      { xLabel: 'step', yLabel: 'loss', extra: { scales: { y: { distr: 3 } } },
        empty: 'No step logged yet: the first appears after the first logged training step.' });
  }

  async function fetchJson(url) {
    const headers = apiKey() ? { 'X-API-Key': apiKey() } : {};
    const response = await fetch(url, { headers: headers });
    return response.ok ? response.json() : null;
  }

  // ---- A job's page: live from its server-sent events --------------------------------------------
  function setupJobPage() {
    const page = $('#job-page');
    if (!page) return;
    const id = page.dataset.jobId;
    loadJobCharts(id);
    let lastSteps = 0;
    document.body.addEventListener('htmx:sseOpen', (e) => {
      const source = e.detail.source;
      if (source.salienceListening) return; // a reconnection opens the same source again
      source.salienceListening = true;
      source.addEventListener('progress', (event) => {
        const p = JSON.parse(event.data);
        const percent = Math.floor(p.progress * 100);
        const bar = $('#job-progress');
        if (bar) { bar.value = percent; bar.textContent = percent + '%'; }
        const text = $('#job-percent');
        if (text) text.textContent = percent + ' %';
        $('#running-loss').textContent = 'epoch ' + p.epoch + ', batch ' + p.batch + ' of ' + p.batches
          + ': running loss ' + Number(p.loss).toFixed(4) + ', ' + Number(p.imagesPerSecond).toFixed(1) + ' images/s';
        if (Date.now() - lastSteps > 5000) { lastSteps = Date.now(); loadJobCharts(id); }
      });
      source.addEventListener('epoch', () => loadJobCharts(id));
      source.addEventListener('status', (event) => {
        const s = JSON.parse(event.data);
        const status = typeof s === 'string' ? s : s.status;
        if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status)) {
          source.close(); // the stream is over; without this the browser would reconnect
          $('#running-loss').textContent = '';
          loadJobCharts(id);
          document.querySelectorAll('.job-actions [data-cancel-job]').forEach((b) => {
            b.removeAttribute('data-cancel-job'); b.hidden = true;
          });
          const actions = $('.job-actions');
          if (actions && !actions.querySelector('[data-delete-job]')) {
            const del = document.createElement('button');
            del.type = 'button';
            del.className = 'danger';
            del.dataset.deleteJob = id;
            del.textContent = 'Delete';
            actions.appendChild(del);
          }
        }
      });
    });
  }

  // The address names the open explanation, so that it can be shared or reloaded.
  document.addEventListener('htmx:afterSwap', (e) => {
    const page = $('#checkpoint-page');
    if (!page || e.detail.target.id !== 'explain') return;
    const tile = e.detail.requestConfig && e.detail.requestConfig.path.match(/explain\/(\d+)/);
    if (tile) history.replaceState(null, '', 'checkpoints/' + page.dataset.checkpointId + '?image=' + tile[1]);
    // In one column the explanation opens below the gallery, out of sight: bring it into view.
    if (tile && window.matchMedia('(max-width: 900px)').matches) {
      e.detail.target.scrollIntoView({ block: 'start' });
    }
  });

  // ---- The jobs table reloads every 2 s while a job runs: keep the boxes ticked for comparing ------
  const picked = new Set();
  document.addEventListener('change', (e) => {
    const box = e.target;
    if (box instanceof HTMLInputElement && box.type === 'checkbox' && box.id && box.id.startsWith('cmp-')) {
      if (box.checked) picked.add(box.value); else picked.delete(box.value);
    }
  });
  document.addEventListener('htmx:afterSwap', () => {
    document.querySelectorAll('input[type=checkbox][id^="cmp-"]').forEach((box) => {
      box.checked = picked.has(box.value);
    });
  });

  // ---- Images whose explanation is still being computed (202) retry by themselves ---------------
  document.addEventListener('error', (e) => {
    const img = e.target;
    if (!(img instanceof HTMLImageElement) || !img.classList.contains('retrying')) return;
    const tries = Number(img.dataset.tries || 0);
    if (tries >= 30) { img.alt = 'the map could not be computed; see the API for details'; return; }
    img.dataset.tries = String(tries + 1);
    img.setAttribute('aria-busy', 'true');
    if (!img.nextElementSibling || !img.nextElementSibling.classList.contains('computing-note')) {
      const note = document.createElement('p');
      note.className = 'computing-note notice';
      note.textContent = 'Still being computed; this fills in by itself when it is ready.';
      img.insertAdjacentElement('afterend', note);
    }
    setTimeout(() => {
      const url = new URL(img.getAttribute('src'), document.baseURI);
      url.searchParams.set('_try', String(tries + 1));
      img.src = url.toString();
    }, 2000);
  }, true);
  document.addEventListener('load', (e) => {
    if (!(e.target instanceof HTMLImageElement)) return;
    e.target.removeAttribute('aria-busy');
    const note = e.target.nextElementSibling;
    if (note && note.classList.contains('computing-note')) note.remove();
  }, true);
  document.addEventListener('toggle', (e) => {
    const details = e.target;
    if (details.classList && details.classList.contains('compare-methods') && details.open) {
      const img = details.querySelector('img[data-src]');
      if (img && !img.getAttribute('src')) img.src = img.dataset.src;
    }
  }, true);

  // ---- Try an image --------------------------------------------------------------------------------
  function setupTry() {
    const form = $('#try-form');
    if (!form) return;
    const input = $('#try-file');
    const zone = $('#dropzone');
    let latest = 0;
    const run = async (file) => {
      $('#try-error').textContent = '';
      if (!file) return;
      // Only the last choice's answers are shown: a slower earlier one must not overwrite them.
      const mine = ++latest;
      const checkpoint = $('#try-checkpoint').value;
      const method = $('#try-method').value;
      $('#try-preview').src = URL.createObjectURL(file);
      $('#try-result').hidden = true;
      $('#try-top').innerHTML = '';
      $('#try-cam').removeAttribute('src');
      $('#try-cam-caption').textContent = 'computing the ' + method + ' map…';
      const data = () => { const f = new FormData(); f.append('image', file); return f; };
      const predictions = await api('POST', 'api/checkpoints/' + checkpoint + '/predictions?k=3', data());
      if (mine !== latest) return;
      if (!predictions.ok) { $('#try-error').textContent = await problemText(predictions); return; }
      const body = await predictions.json();
      if (mine !== latest) return;
      const list = $('#try-top');
      list.innerHTML = '';
      body.predictions.forEach((p) => {
        const li = document.createElement('li');
        li.textContent = p.label + ' ' + (p.probability * 100).toFixed(1) + ' %';
        list.appendChild(li);
      });
      $('#try-result').hidden = false;
      const cam = await api('POST', 'api/checkpoints/' + checkpoint + '/gradcam?scale=6&method=' + encodeURIComponent(method), data());
      if (mine !== latest) return;
      if (!cam.ok) {
        $('#try-cam-caption').textContent = '';
        $('#try-error').textContent = 'map: ' + await problemText(cam);
        return;
      }
      const blob = await cam.blob();
      if (mine !== latest) return;
      $('#try-cam').src = URL.createObjectURL(blob);
      // The map explains the predicted class, the first of the list.
      $('#try-cam-caption').textContent = method + ' map of ' + body.predictions[0].label;
    };
    input.addEventListener('change', () => run(input.files[0]));
    $('#try-method').addEventListener('change', () => run(input.files[0]));
    $('#try-checkpoint').addEventListener('change', () => run(input.files[0]));
    zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      const file = e.dataTransfer.files[0];
      if (file) {
        const transfer = new DataTransfer();
        transfer.items.add(file);
        input.files = transfer.files;
        run(file);
      }
    });
  }

  // ---- Compare jobs --------------------------------------------------------------------------------
  async function setupCompare() {
    const box = $('#compare-charts');
    if (!box) return;
    const asked = box.dataset.jobs.split(',').filter(Boolean);
    const found = await Promise.all(asked.map((id) => fetchJson('api/jobs/' + id + '/metrics')));
    const missing = asked.filter((id, i) => found[i] === null);
    if (missing.length) {
      flash('No such job' + (missing.length > 1 ? 's: #' : ': #') + missing.join(', #') + '.', 'error');
    }
    const ids = asked.filter((id, i) => found[i] !== null);
    const all = found.filter((m) => m !== null);
    const maxEpoch = Math.max(1, ...all.map((m) => (m || []).reduce((a, r) => Math.max(a, r.epoch), 0)));
    const x = Array.from({ length: maxEpoch }, (_, i) => i + 1);
    const column = (metrics, key, scale) => x.map((epoch) => {
      const row = (metrics || []).find((r) => r.epoch === epoch);
      return row ? row[key] * scale : null;
    });
    const series = ids.map((id, i) => ({ label: '#' + id, stroke: COLORS[i % COLORS.length], points: { show: true } }));
    drawChart($('#chart-compare-accuracy'), [x].concat(all.map((m) => column(m, 'testAccuracy', 100))), series,
      { yLabel: 'test accuracy %' });
    drawChart($('#chart-compare-loss'), [x].concat(all.map((m) => column(m, 'testLoss', 1))), series,
      { yLabel: 'test loss' });
  }

  function setupKeyDialog() {
    showKeyState();
    const button = $('#key-button');
    if (!button) return;
    button.addEventListener('click', () => openKeyDialog(''));
    $('#key-cancel').addEventListener('click', () => $('#key-dialog').close());
    $('#key-forget').addEventListener('click', async () => {
      sessionStorage.removeItem(KEY);
      await fetch('console/session', { method: 'DELETE' });
      showKeyState();
      $('#key-dialog').close();
      flash('The key is forgotten.');
    });
    $('#key-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      if (await saveKey($('#key-input').value)) {
        $('#key-dialog').close();
        flash('Key saved for this tab.');
      }
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    setupKeyDialog();
    setupJobForm();
    setupJobPage();
    setupTry();
    setupCompare();
  });
})();
