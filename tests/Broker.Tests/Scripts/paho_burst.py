# Publishes <count> messages "<prefix><n>" at <qos> to <topic> as fast as the inflight window allows (paho-mqtt 1.6,
# persistent session <client_id>); prints "acked <payload>" when the flow completed (PUBACK, or PUBCOMP for QoS 2).
# Ends when everything is acknowledged, the broker goes away, or after <seconds>.
import sys, time, threading
import paho.mqtt.client as mqtt

port, topic, qos, count, client_id, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], float(sys.argv[6])
lock = threading.Lock()
pending = {}
acked = [0]
lost = [False]

def on_publish(client, userdata, mid):
    with lock:
        p = pending.pop(mid, None)
    if p is not None:
        acked[0] += 1
        print("acked " + p, flush=True)

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
    with lock:
        info = c.publish(topic, payload, qos)
        pending[info.mid] = payload
    # Pace slightly so the kill lands mid-stream rather than after an instant burst.
    if n % 50 == 49:
        time.sleep(0.01)
while not lost[0] and acked[0] < count and time.time() < deadline:
    time.sleep(0.01)
c.loop_stop()
print("done", flush=True)
