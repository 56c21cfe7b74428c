# Shared subscriptions with paho-mqtt (Debian python3-paho-mqtt 1.6): an MQTT 5 and a 3.1.1 client in group "g", an
# MQTT 5 client alone in group "h" and a plain 3.1.1 subscriber, all on argv[2]/#; a publisher sends N QoS 1 messages.
# Run against one broker (argv[1] = port). Prints one JSON object with what was observed; the C# test asserts on it.
import json, sys, time
import paho5_common
import paho.mqtt.client as mqtt
from paho.mqtt.subscribeoptions import SubscribeOptions

port = int(sys.argv[1])
base = sys.argv[2]
N = 10
TIMEOUT = paho5_common.TIMEOUT
observed = {}


class Client(paho5_common.Client):
    def subscribe(self, topic):
        """Subscribes at QoS 1 and returns the SUBACK's reason codes (None without one)."""
        if self.version == mqtt.MQTTv5:
            res, mid = self.c.subscribe([(topic, SubscribeOptions(qos=1))])
        else:
            res, mid = self.c.subscribe(topic, 1)
        return self.wait_ack(mid)


name = base.replace("/", "-")
a = Client(port, "sa-" + name, mqtt.MQTTv5)
b = Client(port, "sb-" + name, mqtt.MQTTv311)
h = Client(port, "sh-" + name, mqtt.MQTTv5)
plain = Client(port, "sp-" + name, mqtt.MQTTv311)
pub = Client(port, "su-" + name, mqtt.MQTTv5)
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
