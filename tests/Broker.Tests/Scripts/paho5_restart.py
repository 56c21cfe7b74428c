# MQTT 5 state across a broker restart, with paho-mqtt (Debian python3-paho-mqtt 1.6, MQTTv5). One phase per run:
#   paho5_restart.py PORT SCENARIO PHASE BASE
# SCENARIO "messages" (stored messages' properties and expiry, subscription options and identifiers), "expiry"
# (Session Expiry Interval, changed by DISCONNECT, resumed with 0), "shared" ($share group members' queues), "will"
# (a will waiting for its Will Delay Interval when the broker restarts).
# PHASE "before" runs before the restart, "after" after it; the test restarts the broker in between. Every CONNACK,
# SUBACK and PUBACK is awaited. Sessions are created with Clean Start 0 (fresh client ids, so nothing to resume):
# Mosquitto 2.0.11 does not restore an MQTT 5 session created with Clean Start 1 after a restart, whatever its Session
# Expiry Interval (tried: Session Present 0 afterwards), although Clean Start only concerns existing state (§3.1.2.4);
# NanoNode keeps either. Prints one JSON object with what was observed; the C# test asserts on it.
import json, sys, time
import paho5_common
import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCodes
from paho.mqtt.subscribeoptions import SubscribeOptions

port = int(sys.argv[1])
scenario = sys.argv[2]
phase = sys.argv[3]
base = sys.argv[4]
name = base.replace("/", "-")
TIMEOUT = paho5_common.TIMEOUT
out = {}


class Client(paho5_common.Client):
    def __init__(self, cid):
        super().__init__(port, cid + "-" + name, mqtt.MQTTv5)
        self.present = None

    def on_connect(self, client, userdata, flags, rc, properties=None):
        self.present = flags.get("session present")
        super().on_connect(client, userdata, flags, rc, properties)

    def entry(self, m):
        p = m.properties
        e = {"topic": m.topic, "payload": m.payload.decode("utf-8", "replace"), "retain": int(m.retain)}
        for key in ("UserProperty", "ContentType", "ResponseTopic", "PayloadFormatIndicator", "MessageExpiryInterval", "SubscriptionIdentifier"):
            if p is not None and hasattr(p, key):
                e[key] = getattr(p, key)
        if p is not None and hasattr(p, "CorrelationData"):
            e["CorrelationData"] = p.CorrelationData.decode("utf-8", "replace")
        return e

    def start(self, clean, expiry, will=None, will_delay=None):
        """Connects with Clean Start clean and Session Expiry Interval expiry; returns [reason code, session present]."""
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = expiry
        if will is not None:
            will_props = None
            if will_delay is not None:
                will_props = Properties(PacketTypes.WILLMESSAGE)
                will_props.WillDelayInterval = will_delay
            self.c.will_set(will[0], will[1], 1, False, properties=will_props)
        self.c.connect("127.0.0.1", self.port, 30, clean_start=clean, properties=props)
        self.c.loop_start()
        if not self.connack.wait(TIMEOUT):
            raise SystemExit("no CONNACK")
        return [self.rc, int(self.present)]

    def sub(self, topic, qos=1, sub_id=None, **options):
        props = None
        if sub_id is not None:
            props = Properties(PacketTypes.SUBSCRIBE)
            props.SubscriptionIdentifier = sub_id
        res, mid = self.c.subscribe([(topic, SubscribeOptions(qos=qos, **options))], properties=props)
        return self.wait_ack(mid)

    def pub(self, topic, payload, retain=False, expiry=None, full=False):
        props = Properties(PacketTypes.PUBLISH)
        if expiry is not None:
            props.MessageExpiryInterval = expiry
        if full:
            props.UserProperty = ("k", "v")
            props.ContentType = "text/plain"
            props.ResponseTopic = base + "/resp"
            props.CorrelationData = b"cd1"
            props.PayloadFormatIndicator = 1
        info = self.c.publish(topic, payload, 1, retain, properties=props)
        info.wait_for_publish(TIMEOUT)
        return int(info.is_published())

    def stop(self, expiry=None, keep_will=False):
        props = None
        if expiry is not None:
            props = Properties(PacketTypes.DISCONNECT)
            props.SessionExpiryInterval = expiry
        # 0x04 Disconnect with Will Message: the will is kept (and delayed by its Will Delay Interval), §3.14.2.1.
        self.c.disconnect(reasoncode=ReasonCodes(PacketTypes.DISCONNECT, "Disconnect with will message") if keep_will else None, properties=props)
        self.c.loop_stop()

    def until(self, payload):
        """The messages received once one with payload came (or after TIMEOUT)."""
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            with self.lock:
                if any(e["payload"] == payload for e in self.messages):
                    return list(self.messages)
            time.sleep(0.01)
        with self.lock:
            return list(self.messages)


if scenario == "messages":
    if phase == "before":
        s = Client("s")
        out["connack"] = s.start(False, 3600)
        out["suback"] = [s.sub(base + "/a/#", sub_id=7, noLocal=True, retainAsPublished=True), s.sub(base + "/b", sub_id=9)]
        s.stop()
        p = Client("p")
        p.start(True, 0)
        # Queued for s: one that expires before the restart is over, one with every property and an hour to live.
        out["puback"] = [p.pub(base + "/a/short", "short", expiry=1), p.pub(base + "/a/keep", "keep", expiry=3600, full=True),
                         p.pub(base + "/b", "ret", retain=True, expiry=3600, full=True)]
        p.stop()
    else:
        s = Client("s")
        out["connack"] = s.start(False, 3600)
        out["queued"] = s.until("ret")
        # No Local: s's own PUBLISH is not delivered back; Retain As Published: a retained one keeps RETAIN=1 on
        # base/a/#, not on base/b. Each carries the identifier of its subscription. b2 comes last from the session's
        # queue, so once it is in, nothing published before it is still on its way.
        out["puback"] = [s.pub(base + "/a/self", "self")]
        p = Client("p")
        p.start(True, 0)
        out["puback"] += [p.pub(base + "/a/r", "r2", retain=True), p.pub(base + "/b", "b2")]
        out["live"] = [e for e in s.until("b2") if e not in out["queued"]]
        r = Client("r")
        r.start(True, 0)
        r.sub(base + "/b")
        out["retained"] = r.until("ret")
        for c in (s, p, r):
            c.stop()
elif scenario == "expiry":
    if phase == "before":
        out["connack"] = {}
        out["suback"] = {}
        for cid, expiry in (("b", 3600), ("c", 3600), ("d", 3600), ("f", 3600)):
            c = Client(cid)
            out["connack"][cid] = c.start(False, expiry)
            out["suback"][cid] = c.sub(base + "/" + cid)
            # c: DISCONNECT lowers the interval to 1 s; d: to 0, the session ends now (§3.14.2.2.2).
            c.stop({"c": 1, "d": 0}.get(cid))
        # e: CONNECT with interval 0, then DISCONNECT with 60: a Protocol Error, so its will is published.
        w = Client("w")
        w.start(True, 0)
        out["suback"]["w"] = w.sub(base + "/will")
        e = Client("e")
        out["connack"]["e"] = e.start(True, 0, will=(base + "/will", "e-will"))
        e.stop(60)
        out["will"] = [m["payload"] for m in w.until("e-will")]
        w.stop()
        # a (interval 6 s) comes last, so that it is still there at the restart (the test checks that on NanoNode).
        a = Client("a")
        out["connack"]["a"] = a.start(False, 6)
        out["suback"]["a"] = a.sub(base + "/a")
        a.stop()
        p = Client("p")
        p.start(True, 0)
        out["puback"] = [p.pub(base + "/" + cid, "x-" + cid) for cid in ("a", "b", "c", "d", "f")]
        p.stop()
    else:
        out["connack"] = {}
        out["messages"] = {}
        for cid in ("a", "b", "c", "d"):
            c = Client(cid)
            out["connack"][cid] = c.start(False, 3600)
            if out["connack"][cid][1]:
                out["messages"][cid] = [m["payload"] for m in c.until("x-" + cid)]
            c.stop()
        # f resumes with interval 0: its session is present (with its queue) and ends with this connection.
        f = Client("f")
        out["connack"]["f"] = f.start(False, 0)
        out["messages"]["f"] = [m["payload"] for m in f.until("x-f")]
        f.stop()
        f2 = Client("f")
        out["connack"]["f2"] = f2.start(False, 3600)
        f2.stop()
elif scenario == "shared":
    group = "$share/g/" + base + "/#"
    if phase == "before":
        out["connack"] = []
        out["suback"] = []
        for cid in ("m1", "m2"):
            c = Client(cid)
            out["connack"].append(c.start(False, 3600))
            out["suback"].append(c.sub(group))
            c.stop()
        p = Client("p")
        p.start(True, 0)
        out["puback"] = [p.pub(base + "/t", "q%d" % i) for i in range(4)]
        p.stop()
    else:
        m1, m2 = Client("m1"), Client("m2")
        out["connack"] = [m1.start(False, 3600), m2.start(False, 3600)]
        p = Client("p")
        p.start(True, 0)
        out["puback"] = [p.pub(base + "/t", "n%d" % i) for i in range(10)]
        deadline = time.time() + TIMEOUT
        while m1.count() + m2.count() < 14 and time.time() < deadline:
            time.sleep(0.01)
        # A marker to each member's own session (plain subscription) comes after whatever its session still held.
        for c, cid in ((m1, "m1"), (m2, "m2")):
            c.sub(base + "/end/" + cid)
            p.pub(base + "/end/" + cid, "end-" + cid)
        out["m1"] = [m["payload"] for m in m1.until("end-m1") if not m["payload"].startswith("end-")]
        out["m2"] = [m["payload"] for m in m2.until("end-m2") if not m["payload"].startswith("end-")]
        for c in (m1, m2, p):
            c.stop()
elif scenario == "will":
    if phase == "before":
        w = Client("w")
        out["connack"] = [w.start(False, 3600)]
        out["suback"] = w.sub(base + "/will")
        w.stop()
        e = Client("e")
        out["connack"].append(e.start(False, 3600, will=(base + "/will", "e-will"), will_delay=5))
        e.stop(keep_will=True)
    else:
        w = Client("w")
        out["connack"] = [w.start(False, 3600)]
        out["will"] = [m["payload"] for m in w.until("e-will")]
        # A marker after the will: once it is in, a second copy of the will would have come before it.
        p = Client("p")
        p.start(True, 0)
        out["puback"] = p.pub(base + "/will", "end")
        out["will"] = [m["payload"] for m in w.until("end")]
        for c in (w, p):
            c.stop()
print(json.dumps(out), flush=True)
