# An MQTT 5 scenario with paho-mqtt (Debian python3-paho-mqtt 1.6, protocol=MQTTv5) beside a 3.1.1 paho client, run
# against one broker (argv[1] = port, argv[2] = topic base). Every step waits for its ack (CONNACK, SUBACK, PUBACK or
# PUBCOMP via wait_for_publish, UNSUBACK). Prints one JSON object with what was observed; the C# test asserts on it.
import json, sys, time
import paho5_common
import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.subscribeoptions import SubscribeOptions

port = int(sys.argv[1])
base = sys.argv[2]
TIMEOUT = paho5_common.TIMEOUT
observed = {}


class Client(paho5_common.Client):
    # Keeps each message's topic, payload, QoS and the MQTT 5 properties the scenario checks.
    def entry(self, m):
        entry = {"topic": m.topic, "payload": m.payload.decode("utf-8", "replace"), "qos": m.qos}
        p = getattr(m, "properties", None)
        if p is not None:
            entry["user"] = [list(x) for x in getattr(p, "UserProperty", [])]
            for name in ("ContentType", "ResponseTopic", "PayloadFormatIndicator"):
                if hasattr(p, name):
                    entry[name] = getattr(p, name)
            if hasattr(p, "CorrelationData"):
                entry["CorrelationData"] = p.CorrelationData.hex()
        return entry


v5 = Client(port, "", mqtt.MQTTv5)
observed["v5_connack"] = v5.connect()
props = v5.connack_properties
observed["assigned_client_id"] = bool(getattr(props, "AssignedClientIdentifier", ""))
v3 = Client(port, "p3-" + base.replace("/", "-"), mqtt.MQTTv311)
observed["v3_connack"] = v3.connect()

res, mid = v5.c.subscribe([(base + "/#", SubscribeOptions(qos=2))])
observed["v5_suback"] = v5.wait_ack(mid)
res, mid = v3.c.subscribe(base + "/#", 2)
observed["v3_suback"] = v3.wait_ack(mid)

pub = Client(port, "p5-" + base.replace("/", "-"), mqtt.MQTTv5)
pub.connect()
for qos in (0, 1, 2):
    pp = Properties(PacketTypes.PUBLISH)
    pp.UserProperty = [("a", "1"), ("a", "2"), ("b", "x")]
    pp.ContentType = "application/json"
    pp.ResponseTopic = base + "/reply"
    pp.CorrelationData = bytes([1, 2, 3, 255])
    pp.PayloadFormatIndicator = 1
    info = pub.c.publish(base + "/t%d" % qos, '{"n":%d}' % qos, qos, properties=pp)
    info.wait_for_publish(TIMEOUT)
    observed.setdefault("v5_published", []).append(info.is_published())
info = v3.c.publish(base + "/from3", "plain", 1)
info.wait_for_publish(TIMEOUT)
observed["v3_published"] = info.is_published()

observed["v5_messages"] = sorted(v5.wait_messages(4), key=lambda m: m["topic"])
observed["v3_messages"] = sorted(v3.wait_messages(4), key=lambda m: m["topic"])

res, mid = v5.c.unsubscribe([base + "/#", base + "/none"])
observed["v5_unsuback"] = v5.wait_ack(mid)

for c in (v5, v3, pub):
    c.c.disconnect()
    c.c.loop_stop()
print(json.dumps(observed), flush=True)
