# paho-mqtt 1.6 (Debian python3-paho-mqtt) MQTTv5 over WebSockets (path /mqtt, subprotocol "mqtt"): a subscriber
# (QoS 1) and a publisher exchange two QoS 1 messages carrying a user property and a content type. Prints
# "puback <n>" as the publisher gets each PUBACK (waited for before the next publish), "got <topic> qos=<q>
# <content type> <user properties k=v> <payload>" per received message, "sent pubacks <n>" (the subscriber's PUBACKs
# seen in paho's log), then "done". Usage: paho5_ws.py PORT BASE
import sys, threading
import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes
from paho5_common import TIMEOUT

port, base = int(sys.argv[1]), sys.argv[2]


def client(cid):
    c = mqtt.Client(client_id=cid, protocol=mqtt.MQTTv5, transport="websockets")
    c.ws_set_options(path="/mqtt")
    return c


sub = client("ws5-sub-" + base.replace("/", "-"))
pub = client("ws5-pub-" + base.replace("/", "-"))
connected = {sub: threading.Event(), pub: threading.Event()}
subscribed = threading.Event()
cond = threading.Condition()
got = []
sub_log = []


def on_connect(c, userdata, flags, rc, properties=None):
    if rc == 0:
        connected[c].set()


def on_message(c, userdata, m):
    p = m.properties
    ct = getattr(p, "ContentType", "-")
    up = " ".join("%s=%s" % kv for kv in getattr(p, "UserProperty", []))
    with cond:
        got.append("got %s qos=%d %s %s %s" % (m.topic, m.qos, ct, up, m.payload.decode()))
        cond.notify_all()


def on_sub_log(c, userdata, level, buf):
    with cond:
        sub_log.append(buf)
        cond.notify_all()


for c in (sub, pub):
    c.on_connect = on_connect
sub.on_message = on_message
sub.on_log = on_sub_log
sub.on_subscribe = lambda c, u, mid, granted, properties=None: subscribed.set()
for c in (sub, pub):
    c.connect("127.0.0.1", port, 30, clean_start=True)
    c.loop_start()
    if not connected[c].wait(TIMEOUT):
        raise SystemExit("no CONNACK")
sub.subscribe(base + "/#", 1)
if not subscribed.wait(TIMEOUT):
    raise SystemExit("no SUBACK")
for i in range(2):
    props = Properties(PacketTypes.PUBLISH)
    props.UserProperty = ("unit", "C%d" % i)
    props.ContentType = "text/plain"
    info = pub.publish("%s/m%d" % (base, i), "p%d" % i, 1, properties=props)
    info.wait_for_publish(TIMEOUT)
    if not info.is_published():
        raise SystemExit("no PUBACK for message %d" % i)
    print("puback %d" % (i + 1), flush=True)


def pubacks():
    return sum(1 for l in sub_log if l.startswith("Sending PUBACK"))


with cond:
    cond.wait_for(lambda: len(got) >= 2 and pubacks() >= 2, TIMEOUT)
    for line in got:
        print(line)
    print("sent pubacks %d" % pubacks())
print("done")
for c in (sub, pub):
    c.disconnect()
    c.loop_stop()
