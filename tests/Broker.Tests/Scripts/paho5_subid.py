# Subscription identifiers with paho-mqtt (Debian python3-paho-mqtt 1.6, MQTTv5), run against one broker
# (argv[1] = port, argv[2] = topic base): one client subscribes base/a/# with identifier 7, base/+/x with identifier 9
# and base/c without one; another client publishes base/a/x (both identified filters match), base/a/y, base/c and
# base/b/x at QoS 1. Prints one JSON object with what was observed (identifiers per received message).
import json, sys, threading, time
import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.subscribeoptions import SubscribeOptions

port = int(sys.argv[1])
base = sys.argv[2]
TIMEOUT = 20
observed = {}
connacks = []
acks = {}
messages = []
lock = threading.Lock()


def on_connect(client, userdata, flags, rc, properties=None):
    connacks.append((rc.value if not isinstance(rc, int) else rc, properties))


def on_subscribe(client, userdata, mid, granted, properties=None):
    acks[mid] = [g.value for g in granted]


def on_message(client, userdata, m):
    ids = getattr(m.properties, "SubscriptionIdentifier", []) if m.properties is not None else []
    with lock:
        messages.append({"topic": m.topic[len(base):], "ids": sorted(ids)})


def wait(cond):
    deadline = time.time() + TIMEOUT
    while not cond() and time.time() < deadline:
        time.sleep(0.01)


sub = mqtt.Client(client_id="si-" + base.replace("/", "-"), protocol=mqtt.MQTTv5)
sub.on_connect, sub.on_subscribe, sub.on_message = on_connect, on_subscribe, on_message
sub.connect("127.0.0.1", port, 30, clean_start=True)
sub.loop_start()
wait(lambda: len(connacks) == 1)
observed["connack"] = connacks[0][0]
observed["ids_available"] = getattr(connacks[0][1], "SubscriptionIdentifierAvailable", 1)

granted = []
for filt, sid in ((base + "/a/#", 7), (base + "/+/x", 9), (base + "/c", 0)):
    props = None
    if sid:
        props = Properties(PacketTypes.SUBSCRIBE)
        props.SubscriptionIdentifier = sid
    res, mid = sub.subscribe([(filt, SubscribeOptions(qos=1))], properties=props)
    wait(lambda: mid in acks)
    granted.append(acks.get(mid))
observed["suback"] = granted

pub = mqtt.Client(client_id="sj-" + base.replace("/", "-"), protocol=mqtt.MQTTv5)
pub.connect("127.0.0.1", port, 30, clean_start=True)
pub.loop_start()
topics = ["/a/x", "/a/y", "/c", "/b/x"]
for t in topics:
    pub.publish(base + t, "x", 1).wait_for_publish(TIMEOUT)

wait(lambda: len(set(m["topic"] for m in messages)) >= len(topics))
time.sleep(0.5)  # room for extra copies (a broker may send one per matching subscription)
with lock:
    observed["messages"] = sorted(messages, key=lambda m: (m["topic"], m["ids"]))
for c in (sub, pub):
    c.disconnect()
    c.loop_stop()
print(json.dumps(observed), flush=True)
