# Shared subscriptions with paho-mqtt (Debian python3-paho-mqtt 1.6): an MQTT 5 and a 3.1.1 client in group "g", an
# MQTT 5 client alone in group "h" and a plain 3.1.1 subscriber, all on argv[2]/#; a publisher sends N QoS 1 messages.
# Run against one broker (argv[1] = port). Prints one JSON object with what was observed; the C# test asserts on it.
import json, sys, threading, time
import paho.mqtt.client as mqtt
from paho.mqtt.subscribeoptions import SubscribeOptions

port = int(sys.argv[1])
base = sys.argv[2]
N = 10
TIMEOUT = 20
observed = {}


class Client:
    def __init__(self, client_id, version):
        self.version = version
        self.c = mqtt.Client(client_id=client_id, protocol=version)
        self.connack = threading.Event()
        self.acks = {}
        self.messages = []
        self.lock = threading.Lock()
        self.c.on_connect = self.on_connect
        self.c.on_subscribe = self.on_subscribe
        self.c.on_message = self.on_message

    def on_connect(self, client, userdata, flags, rc, properties=None):
        self.rc = rc if isinstance(rc, int) else rc.value
        self.connack_properties = properties
        self.connack.set()

    def on_subscribe(self, client, userdata, mid, granted, properties=None):
        self.acks[mid] = [g if isinstance(g, int) else g.value for g in granted]

    def on_message(self, client, userdata, m):
        with self.lock:
            self.messages.append(m.payload.decode())

    def connect(self):
        if self.version == mqtt.MQTTv5:
            self.c.connect("127.0.0.1", port, 30, clean_start=True)
        else:
            self.c.connect("127.0.0.1", port, 30)
        self.c.loop_start()
        if not self.connack.wait(TIMEOUT):
            raise SystemExit("no CONNACK")
        return self.rc

    def subscribe(self, topic):
        if self.version == mqtt.MQTTv5:
            res, mid = self.c.subscribe([(topic, SubscribeOptions(qos=1))])
        else:
            res, mid = self.c.subscribe(topic, 1)
        deadline = time.time() + TIMEOUT
        while mid not in self.acks and time.time() < deadline:
            time.sleep(0.01)
        return self.acks.get(mid)

    def count(self):
        with self.lock:
            return len(self.messages)


name = base.replace("/", "-")
a = Client("sa-" + name, mqtt.MQTTv5)
b = Client("sb-" + name, mqtt.MQTTv311)
h = Client("sh-" + name, mqtt.MQTTv5)
plain = Client("sp-" + name, mqtt.MQTTv311)
pub = Client("su-" + name, mqtt.MQTTv5)
observed["connack"] = [c.connect() for c in (a, b, h, plain, pub)]
# Absent means available (MQTT 5 §3.2.2.3.15).
observed["shared_available"] = getattr(a.connack_properties, "SharedSubscriptionAvailable", 1)
observed["suback"] = [a.subscribe("$share/g/" + base + "/#"), b.subscribe("$share/g/" + base + "/#"),
                      h.subscribe("$share/h/" + base + "/#"), plain.subscribe(base + "/#")]

for i in range(N):
    info = pub.c.publish(base + "/m", "m%d" % i, 1)
    info.wait_for_publish(TIMEOUT)

deadline = time.time() + TIMEOUT
while (a.count() + b.count() < N or h.count() < N or plain.count() < N) and time.time() < deadline:
    time.sleep(0.01)
time.sleep(0.5)  # room for a wrong extra delivery to show up in the counts
observed["a"] = sorted(a.messages)
observed["b"] = sorted(b.messages)
observed["h"] = sorted(h.messages)
observed["plain"] = sorted(plain.messages)

for c in (a, b, h, plain, pub):
    c.c.disconnect()
    c.c.loop_stop()
print(json.dumps(observed), flush=True)
