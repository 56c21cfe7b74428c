// MQTT.js (npm "mqtt", pinned in package.json) against one broker: QoS 0/1/2 round trips, retained set and clear,
// last will, persistent session, unsubscribe awaiting UNSUBACK. Every ack it awaits is checked (CONNACK, SUBACK
// granted QoS, PUBACK/PUBCOMP via publishAsync, UNSUBACK via unsubscribeAsync). Each wait is bounded.
// Usage: node mqttjs_scenario.mjs mqtt://127.0.0.1:PORT   Prints "ok <step>" lines, then "PASS"; exit code 1 on failure.
import { bounded, check, ok, connect as connectTo, runScenario } from './scenario.mjs';

const url = process.argv[2];
const run = Math.random().toString(16).slice(2, 10);
const base = `js/${run}`;
// Every client of this scenario speaks 3.1.1.
function connect(clientId, extra = {}) {
  return connectTo(url, clientId, 4, extra);
}

async function main() {
  const [a, connackA] = await connect(`js-a-${run}`);
  check(connackA.returnCode === 0 && connackA.sessionPresent === false, 'CONNACK accepted, no session');
  ok('connect');

  const granted = await bounded(a.subscribeAsync(`${base}/q/#`, { qos: 2 }), 'SUBACK');
  check(granted.length === 1 && granted[0].qos === 2, `SUBACK grants QoS 2 (got ${JSON.stringify(granted)})`);
  ok('subscribe');

  for (const qos of [0, 1, 2]) {
    const before = { puback: a.acks('puback'), pubrec: a.acks('pubrec'), pubcomp: a.acks('pubcomp') };
    await bounded(a.publishAsync(`${base}/q/${qos}`, `m${qos}`, { qos }), `publish QoS ${qos} ack`);
    // publishAsync resolves on PUBACK (QoS 1) / PUBCOMP after PUBREC (QoS 2): check those packets arrived.
    if (qos === 1) {
      check(a.acks('puback') === before.puback + 1, 'QoS 1 acknowledged by one PUBACK');
    } else if (qos === 2) {
      check(a.acks('pubrec') === before.pubrec + 1 && a.acks('pubcomp') === before.pubcomp + 1, 'QoS 2 acknowledged by PUBREC and PUBCOMP');
    }
    const m = await a.next((x) => x.topic === `${base}/q/${qos}`, `QoS ${qos} delivery`);
    check(m.payload === `m${qos}` && m.qos === qos && m.retain === false, `QoS ${qos} round trip (got ${JSON.stringify(m)})`);
  }
  ok('qos round trips');

  // Retained: set, seen by a new subscriber with RETAIN=1; cleared by an empty retained payload.
  await bounded(a.publishAsync(`${base}/r/state`, 'kept', { qos: 1, retain: true }), 'retained PUBACK');
  const [b] = await connect(`js-b-${run}`);
  const gb = await bounded(b.subscribeAsync(`${base}/r/#`, { qos: 1 }), 'SUBACK retained');
  check(gb[0].qos === 1, 'retained SUBACK');
  const r = await b.next((x) => x.topic === `${base}/r/state`, 'retained delivery');
  check(r.payload === 'kept' && r.retain === true, `retained delivered with RETAIN=1 (got ${JSON.stringify(r)})`);
  await bounded(a.publishAsync(`${base}/r/state`, '', { qos: 1, retain: true }), 'clear PUBACK');
  const [c] = await connect(`js-c-${run}`);
  await bounded(c.subscribeAsync(`${base}/r/#`, { qos: 1 }), 'SUBACK after clear');
  // A marker published after SUBACK: retained messages come right after SUBACK, so the marker first means none.
  await bounded(a.publishAsync(`${base}/r/marker`, 'marker', { qos: 1 }), 'marker PUBACK');
  const first = await c.next(() => true, 'first message after clear');
  check(first.topic === `${base}/r/marker`, `retained cleared (first message was ${JSON.stringify(first)})`);
  ok('retained set and clear');

  // Will: published when the connection drops without DISCONNECT.
  await bounded(a.subscribeAsync(`${base}/will`, { qos: 1 }), 'SUBACK will');
  const [w] = await connect(`js-w-${run}`, { will: { topic: `${base}/will`, payload: 'gone', qos: 1, retain: false } });
  w.stream.destroy();
  const will = await a.next((x) => x.topic === `${base}/will`, 'will delivery');
  check(will.payload === 'gone', 'will payload');
  ok('will');

  // Persistent session: subscription and QoS 1 messages kept while offline.
  const pid = `js-p-${run}`;
  const [p1, ca1] = await connect(pid, { clean: false });
  check(ca1.returnCode === 0, 'persistent CONNACK');
  await bounded(p1.subscribeAsync(`${base}/p`, { qos: 1 }), 'SUBACK persistent');
  await bounded(p1.endAsync(), 'DISCONNECT');
  await bounded(a.publishAsync(`${base}/p`, 'while offline', { qos: 1 }), 'offline publish PUBACK');
  const [p2, ca2] = await connect(pid, { clean: false });
  check(ca2.returnCode === 0 && ca2.sessionPresent === true, `session present on resume (got ${JSON.stringify(ca2)})`);
  const queued = await p2.next((x) => x.topic === `${base}/p`, 'queued delivery');
  check(queued.payload === 'while offline' && queued.qos === 1, 'queued message');
  ok('persistent session');

  // Unsubscribe: the promise resolves only on UNSUBACK; afterwards nothing arrives on that filter.
  const unsubacks = a.acks('unsuback');
  await bounded(a.unsubscribeAsync(`${base}/q/#`), 'UNSUBACK');
  check(a.acks('unsuback') === unsubacks + 1, 'one UNSUBACK received');
  await bounded(a.subscribeAsync(`${base}/after`, { qos: 1 }), 'SUBACK after');
  a.inbox.length = 0;
  await bounded(a.publishAsync(`${base}/q/1`, 'after unsubscribe', { qos: 1 }), 'PUBACK after unsubscribe');
  await bounded(a.publishAsync(`${base}/after`, 'marker', { qos: 1 }), 'PUBACK marker');
  const next = await a.next(() => true, 'message after unsubscribe');
  check(next.topic === `${base}/after`, `unsubscribed filter delivered nothing (got ${JSON.stringify(next)})`);
  ok('unsubscribe');

  // Clean up the persistent session.
  await bounded(p2.endAsync(), 'DISCONNECT p2');
  const [p3] = await connect(pid, { clean: true });
  await bounded(p3.endAsync(), 'DISCONNECT p3');
}

await runScenario(main);
