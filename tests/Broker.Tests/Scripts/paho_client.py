# One paho-mqtt (Debian python3-paho-mqtt 1.6) client driven by a JSON spec (argv[1]); prints JSON lines:
# connack, suback, message, published, done. Used by the broker conformance tests as a real third-party client.
import json, ssl, sys, time
import paho.mqtt.client as mqtt

spec = json.loads(sys.argv[1])
out_lock = __import__("threading").Lock()

def emit(**kw):
    with out_lock:
        print(json.dumps(kw), flush=True)

c = mqtt.Client(client_id=spec.get("client_id", ""), clean_session=spec.get("clean", True),
                transport=spec.get("transport", "tcp"))
if spec.get("transport") == "websockets":
    c.ws_set_options(path=spec.get("ws_path", "/mqtt"))
if spec.get("tls_ca"):
    c.tls_set(ca_certs=spec["tls_ca"], cert_reqs=ssl.CERT_REQUIRED)
if spec.get("username") is not None:
    c.username_pw_set(spec["username"], spec.get("password"))
w = spec.get("will")
if w:
    c.will_set(w["topic"], w["payload"], w.get("qos", 0), w.get("retain", False))

state = {"connected": None, "subacks": 0, "messages": 0}

def on_connect(client, userdata, flags, rc):
    state["connected"] = rc
    emit(event="connack", rc=rc, session_present=int(flags.get("session present", 0)))

def on_subscribe(client, userdata, mid, granted):
    state["subacks"] += 1
    emit(event="suback", granted=list(granted))

def on_message(client, userdata, m):
    state["messages"] += 1
    emit(event="message", topic=m.topic, payload=m.payload.decode("utf-8", "replace"), qos=m.qos, retain=int(m.retain))

c.on_connect = on_connect
c.on_subscribe = on_subscribe
c.on_message = on_message
deadline = time.time() + spec.get("timeout", 10)
try:
    c.connect("127.0.0.1", spec["port"], spec.get("keepalive", 60))
except Exception as e:
    emit(event="error", error=str(e))
    sys.exit(2)
c.loop_start()
while state["connected"] is None and time.time() < deadline:
    time.sleep(0.01)
if state["connected"] != 0:
    c.loop_stop()
    emit(event="done", messages=0)
    sys.exit(0)
subs = spec.get("subscribe", [])
if subs:
    c.subscribe([(s[0], s[1]) for s in subs])
    while state["subacks"] < 1 and time.time() < deadline:
        time.sleep(0.01)
    emit(event="subscribed")
for p in spec.get("publish", []):
    info = c.publish(p[0], p[1], p[2], bool(p[3]) if len(p) > 3 else False)
    info.wait_for_publish(max(0.1, deadline - time.time()))
    emit(event="published", mid=info.mid, ok=info.is_published())
expect = spec.get("expect", 0)
while state["messages"] < expect and time.time() < deadline:
    time.sleep(0.01)
time.sleep(spec.get("linger", 0))
if spec.get("end", "disconnect") == "disconnect":
    c.disconnect()
    c.loop_stop()
else:
    # Abnormal end: close the socket without DISCONNECT.
    c.loop_stop()
    c.socket().close()
emit(event="done", messages=state["messages"])
