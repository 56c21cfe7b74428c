// MQTT.js (npm "mqtt", pinned in package.json) with protocolVersion 5 beside a 3.1.1 MQTT.js client, against one
// broker: assigned client identifier, SUBACK, QoS 0/1/2 with user properties / content type / response topic /
// correlation data / payload format forwarded unchanged v5 -> v5 and dropped toward 3.1.1, a 3.1.1 message reaching the
// v5 client without properties, UNSUBACK reason codes, the will kept by DISCONNECT 0x04, the old connection closed on a
// session takeover (with DISCONNECT 0x8E when argv[3] is "require-8e"). Every ack is awaited and checked; each wait bounded.
// Usage: node mqttjs5_scenario.mjs mqtt://127.0.0.1:PORT [require-8e]   Prints "ok <step>" lines, then "PASS".
import { bounded, check, ok, connect as connectTo, runScenario } from './scenario.mjs';

const url = process.argv[2];
const require8e = process.argv[3] === 'require-8e';
const run = Math.random().toString(16).slice(2, 10);
const base = `js5/${run}`;
function connect(clientId, version, extra = {}) {
  return connectTo(url, clientId, version, extra);
}

async function main() {
  const [a, ca] = await connect('', 5, { clean: true });
  check(ca.reasonCode === 0, `v5 CONNACK success (got ${JSON.stringify(ca)})`);
  check(!!(ca.properties && ca.properties.assignedClientIdentifier), 'Assigned Client Identifier for an empty client id');
  const [old] = await connect(`js5-old-${run}`, 4);
  ok('connect');

  const ga = await bounded(a.subscribeAsync(`${base}/q/#`, { qos: 2 }), 'v5 SUBACK');
  check(ga.length === 1 && ga[0].qos === 2, `v5 SUBACK grants QoS 2 (got ${JSON.stringify(ga)})`);
  const go = await bounded(old.subscribeAsync(`${base}/q/#`, { qos: 2 }), '3.1.1 SUBACK');
  check(go.length === 1 && go[0].qos === 2, '3.1.1 SUBACK grants QoS 2');
  ok('subscribe');

  const correlation = Buffer.from([9, 8, 7, 0, 255]);
  for (const qos of [0, 1, 2]) {
    const properties = {
      userProperties: { unit: ['C', 'K'], site: 'lab' },
      contentType: 'application/json',
      responseTopic: `${base}/reply`,
      correlationData: correlation,
      payloadFormatIndicator: true,
    };
    await bounded(a.publishAsync(`${base}/q/${qos}`, `{"q":${qos}}`, { qos, properties }), `v5 publish QoS ${qos} ack`);
    const m = await a.next((x) => x.topic === `${base}/q/${qos}`, `v5 delivery QoS ${qos}`);
    check(m.payload === `{"q":${qos}}` && m.qos === qos, `v5 round trip QoS ${qos} (got ${JSON.stringify(m)})`);
    const p = m.properties || {};
    check(JSON.stringify(p.userProperties) === JSON.stringify({ unit: ['C', 'K'], site: 'lab' }), `user properties (got ${JSON.stringify(p.userProperties)})`);
    check(p.contentType === 'application/json', 'content type');
    check(p.responseTopic === `${base}/reply`, 'response topic');
    check(Buffer.isBuffer(p.correlationData) && p.correlationData.equals(correlation), 'correlation data');
    check(p.payloadFormatIndicator === true, 'payload format indicator');
    const o = await old.next((x) => x.topic === `${base}/q/${qos}`, `3.1.1 delivery QoS ${qos}`);
    check(o.payload === `{"q":${qos}}` && o.qos === qos, `3.1.1 subscriber gets the bare payload QoS ${qos} (got ${JSON.stringify(o)})`);
  }
  ok('v5 properties forwarded, dropped toward 3.1.1');

  await bounded(old.publishAsync(`${base}/q/old`, 'from 3.1.1', { qos: 1 }), '3.1.1 PUBACK');
  const fromOld = await a.next((x) => x.topic === `${base}/q/old`, '3.1.1 -> v5 delivery');
  check(fromOld.payload === 'from 3.1.1' && fromOld.qos === 1, '3.1.1 -> v5 payload');
  const fp = fromOld.properties || {};
  check(fp.userProperties === undefined && fp.contentType === undefined && fp.responseTopic === undefined, `no properties from 3.1.1 (got ${JSON.stringify(fp)})`);
  ok('3.1.1 -> v5');

  const unsuback = await bounded(a.unsubscribeAsync([`${base}/q/#`, `${base}/none`]), 'UNSUBACK');
  check(JSON.stringify(unsuback && unsuback.granted) === JSON.stringify([0, 17]), `UNSUBACK reason codes 0x00, 0x11 (got ${JSON.stringify(unsuback)})`);
  ok('unsubscribe');

  await bounded(a.subscribeAsync(`${base}/will`, { qos: 1 }), 'SUBACK will');
  const [w] = await connect(`js5-w-${run}`, 5, {
    will: { topic: `${base}/will`, payload: 'gone', qos: 1, retain: false, properties: { contentType: 'text/plain' } },
  });
  await bounded(w.endAsync(false, { reasonCode: 4 }), 'DISCONNECT 0x04');
  const will = await a.next((x) => x.topic === `${base}/will`, 'will after DISCONNECT 0x04');
  check(will.payload === 'gone' && (will.properties || {}).contentType === 'text/plain', `will kept by 0x04 (got ${JSON.stringify(will)})`);
  ok('will with DISCONNECT 0x04');

  const tid = `js5-t-${run}`;
  const [t1] = await connect(tid, 5);
  const serverDisconnect = new Promise((resolve) => t1.on('disconnect', (packet) => resolve(packet.reasonCode)));
  const closed = new Promise((resolve) => t1.on('close', () => resolve()));
  await connect(tid, 5);
  await bounded(closed, 'old connection closed on takeover');
  if (require8e) {
    const reason = await bounded(serverDisconnect, 'DISCONNECT on takeover');
    check(reason === 0x8e, `DISCONNECT 0x8E session taken over (got ${reason})`);
  }
  ok('session takeover');
}

await runScenario(main);
