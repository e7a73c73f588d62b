// eGo console: plain JavaScript over the Actuator's ego endpoint. Everything the server returns is put in
// the page as text (textContent), never as HTML.
(function () {
	'use strict';

	const REFRESH_MS = 2000;
	const HISTORY_MS = 5 * 60 * 1000;

	let config = null;
	let engine = null;
	const lagHistory = new Map();
	const projectionRows = new Map();
	let refreshTimer = null;

	function $(id) {
		return document.getElementById(id);
	}

	function el(tag, attributes, ...children) {
		const node = document.createElement(tag);
		for (const [name, value] of Object.entries(attributes || {})) {
			if (name === 'text') {
				node.textContent = value;
			}
			else if (name === 'className') {
				node.className = value;
			}
			else {
				node.setAttribute(name, value);
			}
		}
		for (const child of children) {
			node.append(child);
		}
		return node;
	}

	function showError(message) {
		const banner = $('error');
		banner.textContent = message;
		banner.hidden = !message;
	}

	function showNotice(message) {
		const banner = $('notice');
		banner.textContent = message;
		banner.hidden = !message;
	}

	// One call to the Actuator's ego endpoint; rejects with the endpoint's message on an error status.
	async function api(method, path, body) {
		const headers = { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
		}
		if (method !== 'GET' && config.csrf) {
			headers[config.csrf.headerName] = config.csrf.token;
		}
		const response = await fetch(config.actuator + path, {
			method: method,
			headers: headers,
			credentials: 'same-origin',
			body: (body !== undefined) ? JSON.stringify(body) : undefined,
		});
		const type = response.headers.get('Content-Type') || '';
		const json = type.includes('json') && response.status !== 204 ? await response.json() : null;
		if (response.redirected || (!json && response.status !== 204)) {
			throw new Error('no answer from the Actuator (' + response.status + '): signed out? Reload the page.');
		}
		if (!response.ok) {
			const detail = json && (json.message || json.detail || json.error);
			throw new Error(method + ' ' + path + ': ' + response.status + (detail ? ' — ' + detail : ''));
		}
		return json;
	}

	function segment(value) {
		return encodeURIComponent(value);
	}

	function json(value) {
		return JSON.stringify(value, null, 2);
	}

	// A confirmation naming what will happen; resolves to null (cancelled) or { reason }.
	function confirmAction(title, text, options) {
		const opts = options || {};
		const dialog = $('confirm');
		$('confirm-title').textContent = title;
		$('confirm-text').textContent = text;
		const typed = $('confirm-typed');
		const input = $('confirm-input');
		const ok = $('confirm-ok');
		typed.hidden = !opts.typed;
		input.value = '';
		$('confirm-reason').hidden = !opts.reason;
		$('confirm-reason-input').value = '';
		$('confirm-rebuild').hidden = !opts.describe;
		$('confirm-mode').value = 'in-place';
		$('confirm-position').value = '';
		if (opts.describe) {
			// the text follows the rebuild's mode and position
			const describe = () => {
				$('confirm-text').textContent = opts.describe($('confirm-mode').value, $('confirm-position').value);
			};
			$('confirm-mode').onchange = describe;
			$('confirm-position').oninput = describe;
			describe();
		}
		if (opts.typed) {
			$('confirm-typed-label').textContent = 'Type ' + opts.typed + ' to confirm:';
			ok.disabled = true;
			input.oninput = () => {
				ok.disabled = input.value !== opts.typed;
			};
		}
		else {
			ok.disabled = false;
			input.oninput = null;
		}
		ok.textContent = opts.button || 'Confirm';
		return new Promise((resolve) => {
			dialog.onclose = () => {
				resolve(dialog.returnValue === 'ok' ? {
					reason: $('confirm-reason-input').value,
					mode: $('confirm-mode').value,
					position: $('confirm-position').value,
				} : null);
			};
			dialog.returnValue = '';
			dialog.showModal();
		});
	}

	async function act(title, text, call, options) {
		const answer = await confirmAction(title, text, options);
		if (!answer) {
			return null;
		}
		try {
			const result = await call(answer);
			showError('');
			return result;
		}
		catch (error) {
			showError(error.message);
			return null;
		}
	}

	// Projections ---------------------------------------------------------------------------------------

	const OPERATIONS = {
		pause: (p) => 'Pause \'' + p + '\' on every instance (within a lease renewal; kept across restarts)? '
			+ 'Its read model stops updating until it is resumed, and its lag grows with every event written.',
		resume: (p) => 'Resume \'' + p + '\' on every instance? It catches up from where it paused.',
		start: (p) => 'Start \'' + p + '\' on this instance (' + engine.instance + ')? '
			+ 'A failed projection starts again from its last committed position.',
		stop: (p) => 'Stop \'' + p + '\' on this instance (' + engine.instance + ')? '
			+ 'Its workers are handed to the other instances, if any; it stays stopped here until started.',
		rebuild: (p) => rebuildText(p, 'in-place', ''),
	};

	function rebuildText(name, mode, position) {
		const from = position ? 'after position ' + position : 'from the beginning';
		if (mode === 'blue-green') {
			const projection = engine.projections.find((p) => p.name === name);
			const version = projection ? projection.activeVersion : 1;
			return 'Build version ' + (version + 1) + ' of \'' + name + '\' beside the active version ' + version + ', '
				+ 'reading the journal ' + from + ' while version ' + version + ' keeps serving; it switches over once '
				+ 'caught up, and version ' + version + ' is then retired (its handler must write each version to its own '
				+ 'tables).';
		}
		return 'Rebuild \'' + name + '\' in place, ' + from + '? Its offsets move back and the journal is read again: '
			+ 'the read model empties and refills until it catches up (its handler must tolerate a replay).';
	}

	function projectionRow(name) {
		let row = projectionRows.get(name);
		if (row) {
			return row;
		}
		const cells = {
			name: el('td', { text: name, className: 'name' }),
			state: el('td', { className: 'state' }),
			lagEvents: el('td', { className: 'num lag-events' }),
			lagSeconds: el('td', { className: 'num lag-seconds' }),
			spark: el('td', { className: 'spark' }),
			version: el('td', { className: 'num version' }),
			workers: el('td', { className: 'workers' }),
			actions: el('td', { className: 'actions-col' }),
		};
		if (config.writeAccess) {
			for (const operation of Object.keys(OPERATIONS)) {
				const button = el('button', { type: 'button', text: operation, 'data-operation': operation });
				button.addEventListener('click', () => operate(name, operation));
				cells.actions.append(button);
			}
		}
		row = el('tr', { 'data-projection': name }, ...Object.values(cells));
		row.cells_ = cells;
		$('projections').tBodies[0].append(row);
		projectionRows.set(name, row);
		return row;
	}

	async function operate(name, operation) {
		const rebuild = operation === 'rebuild';
		const status = await act(operation + ' ' + name, OPERATIONS[operation](name), (answer) => {
			const body = { operation: operation };
			if (rebuild) {
				body.mode = answer.mode;
				if (answer.position !== '') {
					body.position = Number(answer.position);
				}
			}
			return api('POST', '/projections/' + segment(name), body);
		}, { button: operation, describe: rebuild ? (mode, position) => rebuildText(name, mode, position) : null });
		if (status) {
			showNotice('\'' + name + '\' is ' + status.state + ' after ' + operation + '.');
			await refreshEngine();
		}
	}

	function sparkline(points) {
		const width = 140;
		const height = 26;
		const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
		svg.setAttribute('class', 'spark');
		svg.setAttribute('width', width);
		svg.setAttribute('height', height);
		if (points.length > 0) {
			const now = Date.now();
			// the window: since the first sample, at least 30 s, at most the 5 minutes kept
			const span = Math.min(HISTORY_MS, Math.max(30 * 1000, now - points[0].t));
			const max = Math.max(1, ...points.map((p) => p.lag));
			const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
			line.setAttribute('points', points
				.map((p) => ((width - 2) * (1 - (now - p.t) / span) + 1).toFixed(1) + ','
					+ (height - 2 - (height - 4) * p.lag / max).toFixed(1))
				.join(' '));
			svg.append(line);
			const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
			title.textContent = 'largest lag over the last ' + Math.round(span / 1000) + ' s: '
				+ Math.max(...points.map((p) => p.lag)) + ' events';
			svg.append(title);
		}
		return svg;
	}

	function recordLag(projection) {
		const now = Date.now();
		const points = lagHistory.get(projection.name) || [];
		points.push({ t: now, lag: projection.lagEvents });
		while (points.length > 0 && now - points[0].t > HISTORY_MS) {
			points.shift();
		}
		lagHistory.set(projection.name, points);
	}

	function renderProjections() {
		for (const projection of engine.projections) {
			const cells = projectionRow(projection.name).cells_;
			cells.state.textContent = projection.state + (projection.failure ? ': ' + projection.failure : '');
			cells.state.className = 'state state-' + projection.state;
			cells.lagEvents.textContent = String(projection.lagEvents);
			cells.lagSeconds.textContent = projection.lagSeconds.toFixed(1);
			cells.spark.replaceChildren(sparkline(lagHistory.get(projection.name) || []));
			cells.version.textContent = 'v' + projection.activeVersion
				+ (projection.shadow ? ' (building v' + projection.shadow.version + ', ' + projection.shadow.state
					+ ', lag ' + projection.shadow.lagEvents + ')' : '');
			cells.workers.replaceChildren(...projection.workers.map((worker) => el('div', {
				className: 'worker',
				text: 'slices ' + worker.slices + ': position ' + worker.position + ', lag ' + worker.lagEvents
					+ ' events / ' + worker.lagSeconds.toFixed(1) + ' s' + (worker.owner ? ' on ' + worker.owner : ', unowned'),
			})));
		}
		for (const [name, row] of projectionRows) {
			if (!engine.projections.some((p) => p.name === name)) {
				row.remove();
				projectionRows.delete(name);
			}
		}
	}

	async function refreshEngine() {
		try {
			engine = await api('GET', '');
			for (const projection of engine.projections) {
				recordLag(projection);
			}
			$('instance').textContent = 'instance ' + engine.instance + (engine.running ? '' : ' (engine stopped)');
			renderProjections();
			renderCluster();
			fillSelect($('dl-projection'), engine.projections.map((p) => p.name));
			fillSelect($('entity-type'), engine.entityTypes.map((t) => t.name));
		}
		catch (error) {
			showError(error.message);
		}
	}

	function fillSelect(select, values) {
		const current = Array.from(select.options).map((o) => o.value);
		if (current.length === values.length && current.every((v, i) => v === values[i])) {
			return;
		}
		const selected = select.value;
		select.replaceChildren(...values.map((value) => el('option', { value: value, text: value })));
		if (values.includes(selected)) {
			select.value = selected;
		}
	}

	// Dead letters -------------------------------------------------------------------------------------

	async function loadDeadLetters() {
		const projection = $('dl-projection').value;
		const body = $('dead-letters').tBodies[0];
		if (!projection) {
			body.replaceChildren();
			return;
		}
		try {
			const answer = await api('GET', '/dead-letters/' + segment(projection));
			$('dl-summary').textContent = answer.deadLetters.length + ' dead letter(s) of \'' + projection + '\''
				+ (answer.deadLetters.length >= 1000 ? ' (the first 1,000)' : '');
			body.replaceChildren(...answer.deadLetters.map((letter) => deadLetterRow(projection, letter)));
			showError('');
		}
		catch (error) {
			showError(error.message);
		}
	}

	function deadLetterRow(projection, letter) {
		const event = letter.encrypted ? el('span', { className: 'muted', text: 'encrypted at rest: not shown' })
			: letter.event ? el('pre', { className: 'json', text: json(letter.event) })
				: el('span', { className: 'muted', text: 'not decodable (unknown type)' });
		const actions = el('td', { className: 'actions-col' });
		if (config.writeAccess) {
			const retry = el('button', { type: 'button', text: 'retry', 'data-operation': 'retry' });
			retry.addEventListener('click', () => retryDeadLetter(projection, letter));
			const remove = el('button', { type: 'button', text: 'delete', className: 'danger', 'data-operation': 'delete' });
			remove.addEventListener('click', () => deleteDeadLetter(projection, letter));
			actions.append(retry, remove);
		}
		return el('tr', { 'data-dead-letter': String(letter.id) },
			el('td', { className: 'num', text: String(letter.id) }),
			el('td', { text: letter.persistenceId }),
			el('td', { className: 'num', text: String(letter.sequenceNr) }),
			el('td', { className: 'num', text: String(letter.position) }),
			el('td', {}, el('div', { text: letter.eventType }), event),
			el('td', { className: 'cause', text: letter.cause }),
			el('td', { className: 'num', text: String(letter.attempts) }),
			el('td', { text: letter.failedAt }),
			actions);
	}

	async function retryDeadLetter(projection, letter) {
		const outcome = await act('Retry dead letter ' + letter.id,
			'Hand event ' + letter.eventType + ' #' + letter.sequenceNr + ' of ' + letter.persistenceId + ' to \''
				+ projection + '\' again (on the instance running its worker)? The dead letter is deleted if the handler '
				+ 'succeeds, and kept if it fails again.',
			() => api('POST', '/dead-letters/' + letter.id, { operation: 'retry' }), { button: 'retry' });
		if (outcome) {
			showNotice(outcome.handled ? 'Dead letter ' + letter.id + ' handled and deleted.'
				: 'Dead letter ' + letter.id + ' failed again: kept.');
			await loadDeadLetters();
		}
	}

	async function deleteDeadLetter(projection, letter) {
		const outcome = await act('Delete dead letter ' + letter.id,
			'Delete dead letter ' + letter.id + ' (' + letter.eventType + ' of ' + letter.persistenceId + ')? The event '
				+ 'stays in the journal, but \'' + projection + '\' will not handle it unless it is rebuilt.',
			() => api('DELETE', '/dead-letters/' + letter.id).then(() => true), { button: 'delete' });
		if (outcome) {
			showNotice('Dead letter ' + letter.id + ' deleted.');
			await loadDeadLetters();
		}
	}

	// Entities -----------------------------------------------------------------------------------------

	async function lookUpEntity(event) {
		if (event) {
			event.preventDefault();
		}
		const type = $('entity-type').value;
		const id = $('entity-id').value.trim();
		const events = $('entity-events').value || '20';
		if (!type || !id) {
			return;
		}
		try {
			const entity = await api('GET', '/entities/' + segment(type) + '/' + segment(id) + '?events='
				+ encodeURIComponent(events));
			$('entity-name').textContent = entity.type + '|' + entity.id;
			$('entity-revision').textContent = String(entity.revision);
			$('entity-state-type').textContent = entity.stateType;
			$('entity-state').textContent = json(entity.state);
			$('entity-events-table').tBodies[0].replaceChildren(...entity.events.map((e) => el('tr', {},
				el('td', { className: 'num', text: String(e.sequenceNr) }),
				el('td', { className: 'num', text: String(e.position) }),
				el('td', { text: e.eventType }),
				el('td', { text: e.writeTime }),
				el('td', {}, e.encrypted ? el('span', { className: 'muted', text: 'encrypted at rest: not shown' })
					: e.event ? el('pre', { className: 'json', text: json(e.event) })
						: el('span', { className: 'muted', text: 'not decodable (unknown type)' })))));
			$('entity').hidden = false;
			$('entity').dataset.type = entity.type;
			$('entity').dataset.id = entity.id;
			showError('');
		}
		catch (error) {
			$('entity').hidden = true;
			showError(error.message);
		}
	}

	async function eraseEntity() {
		const type = $('entity').dataset.type;
		const id = $('entity').dataset.id;
		const marker = await act('Erase ' + type + '|' + id,
			'Erase entity \'' + id + '\' of type \'' + type + '\'? Its data key is shredded, its snapshots and durable '
				+ 'state deleted and an erasure marker recorded; projections are told to forget it, and later commands '
				+ 'to it are rejected (or start a fresh history). This cannot be undone.',
			() => api('DELETE', '/entities/' + segment(type) + '/' + segment(id)), { typed: id, button: 'erase' });
		if (marker) {
			showNotice(marker.persistenceId + ' erased up to sequence number ' + marker.erasedToSequenceNr + '.');
			$('entity').hidden = true;
		}
	}

	// Sagas --------------------------------------------------------------------------------------------

	async function loadSagas() {
		try {
			const answer = await api('GET', '/sagas');
			fillSelect($('saga-name'), answer.sagas.map((saga) => saga.name));
			const statuses = ['RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED'];
			$('saga-counts').querySelector('tbody').replaceChildren(...answer.sagas.map((saga) => el('tr', {},
				el('td', { text: saga.name }),
				...statuses.map((status) => el('td', { text: String(saga.instances[status] || 0) })))));
		}
		catch (error) {
			showError(error.message);
		}
	}

	// a page of the chosen saga's instances of one status; 'after' continues a listing
	async function listSagaInstances(event, after) {
		if (event) {
			event.preventDefault();
		}
		const saga = $('saga-name').value;
		if (!saga) {
			return;
		}
		const status = $('saga-list-status').value;
		try {
			const page = await api('GET', '/sagas/' + segment(saga) + '?status=' + segment(status) + '&limit=50'
				+ (after ? '&after=' + segment(after) : ''));
			$('saga-instances').querySelector('tbody').replaceChildren(...page.instances.map((instance) => {
				const link = el('a', { href: '#sagas', text: instance.id });
				link.addEventListener('click', (clicked) => {
					clicked.preventDefault();
					$('saga-id').value = instance.id;
					lookUpSaga();
				});
				return el('tr', {}, el('td', {}, link), el('td', { text: instance.status }),
					el('td', { text: instance.updatedAt }), el('td', { text: instance.reason || '—' }));
			}));
			$('saga-instances').hidden = false;
			const next = $('saga-list-next');
			next.hidden = !page.next;
			next.dataset.after = page.next || '';
			showError('');
		}
		catch (error) {
			showError(error.message);
		}
	}

	async function lookUpSaga(event) {
		if (event) {
			event.preventDefault();
		}
		const saga = $('saga-name').value;
		const id = $('saga-id').value.trim();
		if (!saga || !id) {
			return;
		}
		try {
			renderSaga(await api('GET', '/sagas/' + segment(saga) + '/' + segment(id)));
			showError('');
		}
		catch (error) {
			$('saga').hidden = true;
			showError(error.message);
		}
	}

	function renderSaga(instance) {
		$('saga-instance').textContent = instance.saga + ' / ' + instance.id;
		$('saga-status').textContent = instance.status;
		$('saga-reason').textContent = instance.reason || '—';
		$('saga-pending').textContent = instance.pendingSteps.length ? instance.pendingSteps.join(', ') : '—';
		$('saga-state').textContent = instance.state || '(empty)';
		$('saga-history').replaceChildren(...instance.history.map((entry) => el('li', { text: entry })));
		// retry is for a FAILED instance, cancel for a running one: the Actuator refuses the others (400)
		$('saga-retry').hidden = instance.status !== 'FAILED';
		$('saga-cancel').hidden = instance.status !== 'RUNNING';
		$('saga').dataset.saga = instance.saga;
		$('saga').dataset.id = instance.id;
		$('saga').hidden = false;
	}

	async function operateSaga(operation) {
		const saga = $('saga').dataset.saga;
		const id = $('saga').dataset.id;
		const text = operation === 'retry'
			? 'Retry saga instance \'' + id + '\' of \'' + saga + '\'? Its steps of unknown outcome are sent again with '
				+ 'the same command ids (the target entities deduplicate them) and it resumes.'
			: 'Cancel saga instance \'' + id + '\' of \'' + saga + '\'? It compensates: the compensating commands of '
				+ 'its completed steps are sent, newest first.';
		const instance = await act(operation + ' ' + saga + ' / ' + id, text, (answer) => api('POST',
			'/sagas/' + segment(saga) + '/' + segment(id),
			operation === 'cancel' ? { operation: 'cancel', reason: answer.reason || 'cancelled from the console' }
				: { operation: 'retry' }), { reason: operation === 'cancel', button: operation });
		if (instance) {
			showNotice('\'' + id + '\' is ' + instance.status + ' after ' + operation + '.');
			renderSaga(instance);
		}
	}

	// Cluster (shown only when the endpoint describes one) ---------------------------------------------

	function renderCluster() {
		const cluster = engine && engine.cluster;
		$('nav-cluster').hidden = !cluster;
		if (cluster) {
			$('cluster').textContent = json(cluster);
		}
	}

	// Pages --------------------------------------------------------------------------------------------

	function route() {
		const page = (location.hash || '#projections').substring(1);
		for (const section of document.querySelectorAll('.page')) {
			section.hidden = section.id !== 'page-' + page;
		}
		for (const link of document.querySelectorAll('#nav a')) {
			link.classList.toggle('active', link.dataset.page === page);
		}
		showNotice('');
		if (page === 'dead-letters') {
			loadDeadLetters();
		}
		else if (page === 'sagas') {
			loadSagas();
		}
	}

	async function start() {
		const response = await fetch('config.json', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
		if (!response.ok) {
			showError('The console\'s settings could not be read (' + response.status + ').');
			return;
		}
		config = await response.json();
		document.body.classList.toggle('read-only', !config.writeAccess);
		$('read-only').hidden = config.writeAccess;
		$('dl-projection').addEventListener('change', loadDeadLetters);
		$('dl-refresh').addEventListener('click', loadDeadLetters);
		$('entity-form').addEventListener('submit', lookUpEntity);
		$('entity-erase').addEventListener('click', eraseEntity);
		$('saga-form').addEventListener('submit', lookUpSaga);
		$('saga-list-form').addEventListener('submit', (event) => listSagaInstances(event, null));
		$('saga-list-next').addEventListener('click', () => listSagaInstances(null, $('saga-list-next').dataset.after));
		$('saga-retry').addEventListener('click', () => operateSaga('retry'));
		$('saga-cancel').addEventListener('click', () => operateSaga('cancel'));
		window.addEventListener('hashchange', route);
		await refreshEngine();
		route();
		document.body.dataset.ready = 'true';
		refreshTimer = setInterval(refreshEngine, REFRESH_MS);
	}

	window.addEventListener('DOMContentLoaded', () => {
		start().catch((error) => showError(error.message));
	});
	window.addEventListener('beforeunload', () => clearInterval(refreshTimer));
}());
