# Persistent-session subscriber (paho-mqtt 1.6, CleanSession=0) that reconnects by itself and prints "msg <qos> <payload>"
# for every message; prints "subscribed" after each SUBACK. Ends when <stop_file> exists or after <seconds>.
import os, sys, time
import paho.mqtt.client as mqtt

port, topic, qos, client_id, stop_file, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], float(sys.argv[6])

def on_connect(client, userdata, flags, rc):
    if rc == 0:
        client.subscribe(topic, qos)

def on_subscribe(client, userdata, mid, granted):
    print("subscribed", flush=True)

def on_message(client, userdata, m):
    print("msg %d %s" % (m.qos, m.payload.decode()), flush=True)

c = mqtt.Client(client_id=client_id, clean_session=False)
c.on_connect = on_connect
c.on_subscribe = on_subscribe
c.on_message = on_message
c.reconnect_delay_set(0.1, 0.5)
c.connect_async("127.0.0.1", port, 30)
c.loop_start()
deadline = time.time() + seconds
while not os.path.exists(stop_file) and time.time() < deadline:
    time.sleep(0.05)
c.disconnect()
c.loop_stop()
print("done", flush=True)
