// What the MQTT.js scenarios (mqttjs_scenario.mjs for 3.1.1, mqttjs5_scenario.mjs for 5.0) share: bounded waits,
// checks, "ok <step>" lines, connecting with CONNACK awaited, a per-client inbox, and the PASS/FAIL ending.
import mqtt from 'mqtt';

export const WAIT_MS = 15000;
const clients = [];

// The promise, or a rejection "timed out: <what>" after WAIT_MS.
export function bounded(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), WAIT_MS); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

export function ok(step) {
  console.log(`ok ${step}`);
}

// Connects with MQTT protocol level `version` (4 = 3.1.1, 5 = 5.0) and resolves with [client, connack] once CONNACK
// arrived; reconnecting is off so failures surface. The client gains:
//   inbox              messages received and not yet taken: { topic, payload (string), qos, retain, properties }
//   next(pred, what)   the next inbox message matching pred (already received or future), bounded
//   received, acks(cmd) every packet received, and how many of a type (to check the acks a promise resolved on)
export function connect(url, clientId, version, extra = {}) {
  const client = mqtt.connect(url, { clientId, protocolVersion: version, reconnectPeriod: 0, connectTimeout: WAIT_MS, ...extra });
  clients.push(client);
  const inbox = [];
  const waiters = [];
  client.received = [];
  client.on('packetreceive', (packet) => client.received.push(packet));
  client.acks = (cmd) => client.received.filter((x) => x.cmd === cmd).length;
  client.on('message', (topic, payload, packet) => {
    inbox.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain, properties: packet.properties });
    for (const w of waiters.splice(0)) w();
  });
  client.next = (pred, what) => bounded(new Promise((resolve) => {
    const look = () => {
      const i = inbox.findIndex(pred);
      if (i >= 0) {
        resolve(inbox.splice(i, 1)[0]);
      } else {
        waiters.push(look);
      }
    };
    look();
  }), what);
  client.inbox = inbox;
  return bounded(new Promise((resolve, reject) => {
    client.once('connect', (connack) => resolve([client, connack]));
    client.once('error', reject);
  }), `CONNACK for ${clientId}`);
}

// Runs the scenario: "PASS" when it returns, "FAIL <reason>" and exit code 1 when it throws; every client is closed.
export async function runScenario(main) {
  try {
    await main();
    console.log('PASS');
  } catch (e) {
    console.log(`FAIL ${e && e.message ? e.message : e}`);
    process.exitCode = 1;
  } finally {
    for (const cl of clients) cl.end(true);
  }
}
