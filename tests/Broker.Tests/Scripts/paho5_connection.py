# MQTT 5 connection-level properties seen by paho-mqtt 1.6 (MQTTv5), every ack awaited: Server Keep Alive and
# Response Information in CONNACK, a Reason String on a SUBACK refusal, a CONNACK refusal with its Reason String, and
# a round trip under the topic the Response Information names (when one is sent).
# Usage: paho5_connection.py PORT USER PASSWORD ("-" for none) REFUSED_FILTER. Prints one JSON line.
import json, sys, threading
import paho.mqtt.client as mqtt
from paho.mqtt.properties import Properties
from paho.mqtt.packettypes import PacketTypes
from paho5_common import Client, TIMEOUT

port, user, password, refused = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
out = {}


def prop(props, name):
    return getattr(props, name, None) if props is not None else None


class Sub(Client):
    def on_subscribe(self, client, userdata, mid, granted, properties=None):
        self.sub_reason = prop(properties, "ReasonString")
        super().on_subscribe(client, userdata, mid, granted, properties)


c = Sub(port, "p5c-" + user, mqtt.MQTTv5)
if user != "-":
    c.c.username_pw_set(user, password)
cp = Properties(PacketTypes.CONNECT)
cp.RequestResponseInformation = 1
c.c.connect("127.0.0.1", port, 60, clean_start=True, properties=cp)
c.c.loop_start()
if not c.connack.wait(TIMEOUT):
    raise SystemExit("no CONNACK")
out["rc"] = c.rc
out["server_keep_alive"] = prop(c.connack_properties, "ServerKeepAlive")
ri = prop(c.connack_properties, "ResponseInformation")
out["response_information"] = ri

r, mid = c.c.subscribe(refused, 1)
out["refused_codes"] = c.wait_ack(mid)
out["refused_reason"] = getattr(c, "sub_reason", None)

if ri:
    # The topic space the broker named must be usable by this client: subscribe under it and receive its own PUBLISH.
    r, mid = c.c.subscribe(ri + "/#", 1)
    out["ri_codes"] = c.wait_ack(mid)
    info = c.c.publish(ri + "/x", b"answer", 1)
    info.wait_for_publish(TIMEOUT)
    out["ri_messages"] = c.wait_messages(1)
c.c.disconnect()
c.c.loop_stop()

# A CONNECT with an Authentication Method: refused, with the broker's reason.
a = Client(port, "p5c-auth", mqtt.MQTTv5)
ap = Properties(PacketTypes.CONNECT)
ap.AuthenticationMethod = "SCRAM-SHA-1"
got = {}


def on_connect(client, userdata, flags, rc, properties=None):
    got["rc"] = rc.value
    got["reason"] = prop(properties, "ReasonString")
    a.connack.set()


a.c.on_connect = on_connect
a.c.connect("127.0.0.1", port, 60, clean_start=True, properties=ap)
a.c.loop_start()
a.connack.wait(TIMEOUT)
a.c.loop_stop()
out["auth_rc"] = got.get("rc")
out["auth_reason"] = got.get("reason")
print(json.dumps(out))
