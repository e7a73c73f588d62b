// Renders the journal's events streamed over WebSocket (ego-connector-websocket): sends one
// ego.connector.websocket.v1.Subscribe, then shows each ego.connector.v1.PublishedEvent frame as a row. The
// protobuf wire format is read and written by hand: a few varint and length-delimited fields, no library.
(function () {
	'use strict';

	const params = new URLSearchParams(window.location.search);
	const after = params.has('after') ? BigInt(params.get('after')) : 0n;
	const types = params.getAll('types');
	const status = document.getElementById('status');
	const rows = document.querySelector('#events tbody');
	let received = 0;

	function pushVarint(bytes, value) {
		let v = BigInt(value);
		do {
			let byte = Number(v & 0x7fn);
			v >>= 7n;
			if (v !== 0n) {
				byte |= 0x80;
			}
			bytes.push(byte);
		} while (v !== 0n);
	}

	// Subscribe { optional int64 after_position = 1; repeated string entity_types = 3; }
	function subscribe() {
		const bytes = [];
		bytes.push(0x08);
		pushVarint(bytes, after);
		for (const type of types) {
			const text = new TextEncoder().encode(type);
			bytes.push(0x1a);
			pushVarint(bytes, text.length);
			bytes.push(...text);
		}
		return new Uint8Array(bytes);
	}

	function readVarint(view, at) {
		let result = 0n;
		let shift = 0n;
		for (;;) {
			const byte = view[at.pos++];
			result |= BigInt(byte & 0x7f) << shift;
			if ((byte & 0x80) === 0) {
				return result;
			}
			shift += 7n;
		}
	}

	// reads a message's fields: number -> list of values (BigInt for varints, Uint8Array for bytes)
	function fields(view) {
		const found = {};
		const at = { pos: 0 };
		while (at.pos < view.length) {
			const key = Number(readVarint(view, at));
			const number = key >>> 3;
			let value;
			switch (key & 7) {
				case 0: value = readVarint(view, at); break;
				case 1: value = view.subarray(at.pos, at.pos + 8); at.pos += 8; break;
				case 2: {
					const length = Number(readVarint(view, at));
					value = view.subarray(at.pos, at.pos + length);
					at.pos += length;
					break;
				}
				case 5: value = view.subarray(at.pos, at.pos + 4); at.pos += 4; break;
				default: throw new Error('unsupported wire type ' + (key & 7));
			}
			(found[number] = found[number] || []).push(value);
		}
		return found;
	}

	const text = (value) => (value ? new TextDecoder().decode(value[0]) : '');
	const number = (value) => (value ? value[0] : 0n);

	// PublishedEvent: persistence_id 1, entity_type 2, entity_id 3, sequence_nr 4, position 5, event_type 6,
	// payload 7, write_time 8 (seconds 1, nanos 2), part 10
	function render(buffer) {
		const event = fields(new Uint8Array(buffer));
		const written = event[8] ? fields(event[8][0]) : {};
		const millis = Number(number(written[1])) * 1000 + Math.floor(Number(number(written[2])) / 1e6);
		const row = document.createElement('tr');
		row.dataset.position = String(number(event[5]));
		row.dataset.persistenceId = text(event[1]);
		row.dataset.sequenceNr = String(number(event[4]));
		const cells = [String(number(event[5])), text(event[1]), String(number(event[4])), text(event[6]),
			new Date(millis).toISOString(), (event[7] ? event[7][0].length : 0) + ' bytes'];
		for (const value of cells) {
			const cell = document.createElement('td');
			cell.textContent = value;
			row.appendChild(cell);
		}
		rows.appendChild(row);
		received++;
		status.textContent = 'live: ' + received + ' event(s) received after position ' + after;
	}

	const url = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/ego/events';
	const socket = new WebSocket(url);
	socket.binaryType = 'arraybuffer';
	socket.onopen = () => {
		socket.send(subscribe());
		status.textContent = 'live: waiting for events after position ' + after;
		document.body.dataset.subscribed = 'true';
	};
	socket.onmessage = (message) => render(message.data);
	socket.onclose = (closed) => {
		status.textContent = 'closed: ' + closed.code + (closed.reason ? ' ' + closed.reason : '');
		status.className = 'closed';
	};
}());
