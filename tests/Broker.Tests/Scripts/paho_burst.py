# Publishes <count> messages "<prefix><n>" at <qos> to <topic> as fast as the inflight window allows (paho-mqtt 1.6,
# persistent session <client_id>); prints "acked <payload>" when the flow completed (PUBACK, or PUBCOMP for QoS 2).
# Ends when everything is acknowledged, the broker goes away, or after <seconds>.
#
# Locking: paho 1.6 calls on_publish from its loop thread while holding its own _out_message_mutex, and publish()
# takes that mutex too. So this script never calls into paho while holding `lock` (doing so deadlocks: main thread
# holds lock -> wants _out_message_mutex, loop thread holds _out_message_mutex -> wants lock). An acknowledgement can
# arrive before publish() has returned its mid to the main thread: such mids wait in `early` until the main thread
# maps them to their payload.
import sys, time, threading
import paho.mqtt.client as mqtt

port, topic, qos, count, client_id, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], float(sys.argv[6])
lock = threading.Lock()
pending = {}
early = set()
acked = [0]
lost = [False]

def report(payload):
    acked[0] += 1
    print("acked " + payload, flush=True)

def on_publish(client, userdata, mid):
    with lock:
        p = pending.pop(mid, None)
        if p is None:
            early.add(mid)
            return
        report(p)

def on_disconnect(client, userdata, rc):
    lost[0] = True

c = mqtt.Client(client_id=client_id, clean_session=False)
c.max_inflight_messages_set(20)
c.max_queued_messages_set(0)
c.on_publish = on_publish
c.on_disconnect = on_disconnect
c.connect("127.0.0.1", port, 30)
c.loop_start()
deadline = time.time() + seconds
for n in range(count):
    if lost[0] or time.time() > deadline:
        break
    payload = "m%d" % n
    info = c.publish(topic, payload, qos)
    with lock:
        if info.mid in early:
            early.discard(info.mid)
            report(payload)
        else:
            pending[info.mid] = payload
    # Pace slightly so the kill lands mid-stream rather than after an instant burst.
    if n % 50 == 49:
        time.sleep(0.01)
while not lost[0] and acked[0] < count and time.time() < deadline:
    time.sleep(0.01)
c.loop_stop()
print("done", flush=True)
