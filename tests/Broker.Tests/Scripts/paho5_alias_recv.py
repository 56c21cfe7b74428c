# What paho-mqtt 1.6 (Debian python3-paho-mqtt, MQTTv5) hands the application for PUBLISHes that carry a Topic Alias
# (MQTT 5 §3.3.2.3.4). A subscriber announces Topic Alias Maximum 2 in its CONNECT properties and subscribes to
# BASE/#; a second client publishes QoS 1 to BASE/x twice (each PUBACK awaited). Prints one line per message received:
# "got <topic repr> alias=<TopicAlias property or -> <payload>", then "done". Usage: paho5_alias_recv.py PORT BASE
import sys
import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes
from paho5_common import Client, TIMEOUT


class Sub(Client):
    def entry(self, m):
        alias = getattr(m.properties, "TopicAlias", None) if m.properties is not None else None
        return "got %r alias=%s %s" % (m.topic, "-" if alias is None else alias, m.payload.decode())


port, base = int(sys.argv[1]), sys.argv[2]
props = Properties(PacketTypes.CONNECT)
props.TopicAliasMaximum = 2
sub = Sub(port, "pal-sub-" + base.replace("/", "-"), mqtt.MQTTv5)
if sub.connect(properties=props) != 0:
    raise SystemExit("subscriber refused")
_, mid = sub.c.subscribe(base + "/#", 1)
if sub.wait_ack(mid) != [1]:
    raise SystemExit("no SUBACK granting QoS 1")
pub = Client(port, "pal-pub-" + base.replace("/", "-"), mqtt.MQTTv5)
if pub.connect() != 0:
    raise SystemExit("publisher refused")
for i in range(2):
    info = pub.c.publish(base + "/x", "m%d" % i, 1)
    info.wait_for_publish(TIMEOUT)
    if not info.is_published():
        raise SystemExit("no PUBACK")
for line in sub.wait_messages(2):
    print(line)
print("done")
sub.c.disconnect()
pub.c.disconnect()
