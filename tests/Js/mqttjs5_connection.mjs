// MQTT.js (npm "mqtt", pinned in package.json) with protocolVersion 5: connection-level properties against one broker
// that limits keep alive to 10 s and announces Receive Maximum 2. Every ack is awaited and checked; each wait bounded.
// - CONNACK: Server Keep Alive 10 for keep alive 60 and for 0; Receive Maximum 2; Response Information when asked
//   (NanoNode: "response/<client id>" for this admin client; Mosquitto: none);
// - PUBACK 0x87 for a PUBLISH to $SYS/x, with a Reason String (NanoNode) unless the client set Request Problem
//   Information 0 (then none from either broker);
// - six QoS 2 PUBLISHes at once: MQTT.js does not hold back for the broker's Receive Maximum, so the broker sees more
//   than 2 unacknowledged (the count falls only at PUBREL, which MQTT.js sends after the last write). NanoNode:
//   DISCONNECT 0x93 with its reason [MQTT-3.3.4-9]. Mosquitto 2.0.11 instead refuses some with PUBREC 0x97 Quota
//   exceeded and stays connected.
// Usage: node mqttjs5_connection.mjs mqtt://127.0.0.1:PORT nanonode|mosquitto   Prints "ok <step>" lines, then "PASS".
import { bounded, check, ok, connect as connectTo, runScenario } from './scenario.mjs';

const url = process.argv[2];
const ours = process.argv[3] === 'nanonode';
const run = Math.random().toString(16).slice(2, 10);

// Publishes and resolves with [error or null, the ack packet]; MQTT.js passes the refusing ack with the error.
function publishAck(client, topic, qos) {
  return bounded(new Promise((resolve) => client.publish(topic, 'x', { qos }, (err, packet) => resolve([err || null, packet]))), `ack for ${topic}`);
}

async function main() {
  const id = `js5c-a-${run}`;
  const [a, ca] = await connectTo(url, id, 5, { clean: true, keepalive: 60, properties: { requestResponseInformation: true } });
  const p = ca.properties || {};
  check(p.serverKeepAlive === 10, `Server Keep Alive 10 for keep alive 60 (got ${JSON.stringify(p)})`);
  check(p.receiveMaximum === 2, `Receive Maximum 2 (got ${p.receiveMaximum})`);
  check(ours ? p.responseInformation === `response/${id}` : p.responseInformation === undefined, `Response Information (got ${p.responseInformation})`);
  const [, c0] = await connectTo(url, `js5c-z-${run}`, 5, { clean: true, keepalive: 0 });
  check(c0.properties && c0.properties.serverKeepAlive === 10, `Server Keep Alive 10 for keep alive 0 (got ${JSON.stringify(c0.properties)})`);
  ok('connack');

  const [err, ack] = await publishAck(a, '$SYS/x', 1);
  check(err && err.code === 0x87, `PUBACK 0x87 (got ${err && err.code})`);
  const reason = ack && ack.properties && ack.properties.reasonString;
  check(ours ? reason === 'not authorized to publish to this topic' : reason === undefined, `PUBACK Reason String (got ${reason})`);
  const [b] = await connectTo(url, `js5c-b-${run}`, 5, { clean: true, properties: { requestProblemInformation: false } });
  const [errB, ackB] = await publishAck(b, '$SYS/x', 1);
  check(errB && errB.code === 0x87, `PUBACK 0x87 without problem information (got ${errB && errB.code})`);
  check(!(ackB && ackB.properties && ackB.properties.reasonString), 'no Reason String with Request Problem Information 0');
  ok('puback reason');

  const [c] = await connectTo(url, `js5c-c-${run}`, 5, { clean: true });
  const disconnected = new Promise((resolve) => c.once('disconnect', resolve));
  const acks = [];
  for (let i = 0; i < 6; i++) {
    acks.push(publishAck(c, `js5c/${run}/flood`, 2));
  }

  if (ours) {
    const d = await bounded(disconnected, 'DISCONNECT 0x93');
    check(d.reasonCode === 0x93, `DISCONNECT 0x93 (got ${d.reasonCode})`);
    const text = d.properties && d.properties.reasonString;
    check(text === 'more unacknowledged QoS 1/2 PUBLISHes than the Receive Maximum', `DISCONNECT Reason String (got ${text})`);
  } else {
    const results = await Promise.all(acks);
    const quota = results.filter(([e]) => e && e.code === 0x97).length;
    check(quota > 0 && quota < 6, `Mosquitto: some PUBRECs 0x97 (got ${quota})`);
  }
  ok('receive maximum');
}

runScenario(main);
