// Topic aliases broker -> client (MQTT 5 §3.3.2.3.4) as MQTT.js 5.16 sees them, against one broker. A v5 subscriber
// announcing properties.topicAliasMaximum 2 and a v5 subscriber announcing none both subscribe to one filter; a v5
// publisher sends QoS 1 messages (user property and content type on each) to topics a, a, b, c, a, b, every PUBACK
// and every delivery awaited. MQTT.js resolves a received alias to its topic before the 'message' event
// (build/lib/handlers/publish.js), so both subscribers must deliver the same topics, payloads and properties.
// Printed: "delivered <topic> <payload>" per message of the aliasing subscriber, "wire <topic-on-wire>/<alias>" per
// PUBLISH packet it received ("-" = no alias, "" = empty topic name), then PASS.
// argv[3] "expect-aliases": the aliasing subscriber must get exactly a/1, ""/1, b/2, c/-, ""/1, ""/2 (aliases never
// above its maximum 2, never rebound); otherwise (a broker that sends no aliases): no PUBLISH may carry an alias.
// The subscriber announcing no maximum must never get an alias [MQTT-3.3.2-8]. Usage: node mqttjs5_aliases.mjs URL [expect-aliases]
import { bounded, check, ok, connect as connectTo, runScenario } from './scenario.mjs';

const url = process.argv[2];
const expectAliases = process.argv[3] === 'expect-aliases';
const run = Math.random().toString(16).slice(2, 10);
const base = `js5alias/${run}`;

async function main() {
  const [sub, cs] = await connectTo(url, `jsa-sub-${run}`, 5, { clean: true, properties: { topicAliasMaximum: 2 } });
  check(cs.reasonCode === 0, 'aliasing subscriber connected');
  const [plain] = await connectTo(url, `jsa-plain-${run}`, 5, { clean: true });
  const [pub] = await connectTo(url, `jsa-pub-${run}`, 5, { clean: true });
  for (const c of [sub, plain]) {
    const g = await bounded(c.subscribeAsync(`${base}/#`, { qos: 1 }), 'SUBACK');
    check(g.length === 1 && g[0].qos === 1, `SUBACK grants QoS 1 (got ${JSON.stringify(g)})`);
  }
  ok('subscribed');

  const sequence = ['a', 'a', 'b', 'c', 'a', 'b'];
  for (let i = 0; i < sequence.length; i++) {
    const topic = `${base}/${sequence[i]}`;
    const payload = `m${i}`;
    const properties = { userProperties: { n: String(i) }, contentType: 'text/plain' };
    const before = pub.acks('puback');
    await bounded(pub.publishAsync(topic, payload, { qos: 1, properties }), `PUBACK ${i}`);
    const pubacks = pub.received.filter((x) => x.cmd === 'puback');
    check(pubacks.length === before + 1 && !pubacks[before].reasonCode, `one PUBACK ${i}, success (got ${JSON.stringify(pubacks.slice(before))})`);
    for (const c of [sub, plain]) {
      const m = await c.next((x) => x.payload === payload, `delivery ${i}`);
      check(m.topic === topic, `message ${i} on ${topic} (got "${m.topic}")`);
      const p = m.properties || {};
      check(JSON.stringify(p.userProperties) === JSON.stringify({ n: String(i) }) && p.contentType === 'text/plain', `properties of ${i} (got ${JSON.stringify(p)})`);
      check(m.qos === 1, `QoS 1 delivery ${i}`);
      if (c === sub) {
        console.log(`delivered ${sequence[i]} ${payload}`);
      }
    }
  }
  ok('delivered');

  const wire = (c) => c.received.filter((x) => x.cmd === 'publish')
    .map((x) => `${x.topic.length === 0 ? '""' : x.topic.slice(base.length + 1)}/${x.properties && x.properties.topicAlias !== undefined ? x.properties.topicAlias : '-'}`);
  const seen = wire(sub);
  for (const w of seen) console.log(`wire ${w}`);
  check(seen.length === sequence.length, `${sequence.length} PUBLISH packets (got ${seen.length})`);
  check(wire(plain).every((w) => w.endsWith('/-')), `no alias toward a client that announced no maximum (got ${wire(plain).join(' ')})`);
  if (expectAliases) {
    check(seen.join(' ') === 'a/1 ""/1 b/2 c/- ""/1 ""/2', `aliases a/1 ""/1 b/2 c/- ""/1 ""/2 (got ${seen.join(' ')})`);
  } else {
    check(seen.every((w) => w.endsWith('/-')), `no aliases (got ${seen.join(' ')})`);
  }
  ok('wire');
}

await runScenario(main);
