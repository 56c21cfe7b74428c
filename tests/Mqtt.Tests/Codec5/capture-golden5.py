#!/usr/bin/python3
# How Golden5Vectors.cs "Captured" vectors were made (issue 11): MQTT 5.0 traffic between Debian mosquitto 2.0 and
# mosquitto_pub / mosquitto_sub -V mqttv5 and paho-python (protocol=MQTTv5) on 127.0.0.1, recorded by a small TCP tap
# (this script) that sits between each client and the broker and keeps the bytes of both directions.
# Needs: apt-get install -y mosquitto mosquitto-clients python3-paho-mqtt; run with Debian's /usr/bin/python3 (paho).
# Ports are chosen free at run time; works in a temporary directory; kills only the mosquitto it started.
# Output, one packet per line: <scenario> <connection#> <c2s|s2c> <TYPE> <hex>.
import os, socket, subprocess, sys, tempfile, threading, time

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

NAMES = ['RESERVED', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK',
         'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH']


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Tap:
    """Listens on a free port; each accepted connection is relayed to the broker and recorded both ways."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.records = []          # (scenario, conn, direction, bytes) in arrival order
        self.lock = threading.Lock()
        self.scenario = 'none'
        self.conn = 0
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(('127.0.0.1', self.upstream))
            with self.lock:
                self.conn += 1
                key = (self.scenario, self.conn)
            threading.Thread(target=self.pump, args=(client, server, key, 'c2s'), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, key, 's2c'), daemon=True).start()

    def pump(self, src, dst, key, direction):
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b''
            if not data:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            with self.lock:
                self.records.append((key[0], key[1], direction, data))
            try:
                dst.sendall(data)
            except OSError:
                pass  # the other side closed first (e.g. the broker after DISCONNECT 0x95)

    def packets(self):
        streams = {}
        order = []
        for scenario, conn, direction, data in self.records:
            k = (scenario, conn, direction)
            if k not in streams:
                streams[k] = b''
                order.append(k)
            streams[k] += data
        for k in order:
            x = streams[k]
            while len(x) >= 2:
                value, mult, i = 0, 1, 1
                while True:
                    value += (x[i] & 127) * mult
                    mult *= 128
                    if x[i] & 128 == 0:
                        break
                    i += 1
                total = i + 1 + value
                if len(x) < total:
                    break
                yield k, NAMES[x[0] >> 4], x[:total]
                x = x[total:]


def run(cmd):
    print('#', ' '.join(cmd), file=sys.stderr)
    subprocess.run(cmd, timeout=30, check=False)


def paho_client(tap, client_id, clean_start=True, props=None):
    c = mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv5)
    c.connect('127.0.0.1', tap.port, keepalive=20, clean_start=clean_start, properties=props)
    c.loop_start()
    return c


def main():
    work = tempfile.mkdtemp()
    broker_port = free_port()
    with open(os.path.join(work, 'mosq.conf'), 'w') as f:
        f.write('listener %d 127.0.0.1\nallow_anonymous true\npersistence false\nmax_packet_size 65536\n' % broker_port)
    mosq = subprocess.Popen(['mosquitto', '-c', os.path.join(work, 'mosq.conf')], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        tap = Tap(broker_port)
        H = ['-h', '127.0.0.1', '-p', str(tap.port), '-V', 'mqttv5']

        # A: CONNECT with properties + will properties, PUBLISH QoS 1 with every PUBLISH property, PUBACK 0x10.
        tap.scenario = 'A'
        run(['mosquitto_pub'] + H + ['-i', 'nn5-pub', '-u', 'nanouser', '-P', 's3cret', '-k', '30', '-x', '120',
             '-D', 'connect', 'receive-maximum', '10', '-D', 'connect', 'maximum-packet-size', '4096',
             '-D', 'connect', 'topic-alias-maximum', '5', '-D', 'connect', 'user-property', 'site', 'lab',
             '--will-topic', 'nanonode/dev1/status', '--will-payload', 'offline', '--will-qos', '1', '--will-retain',
             '-D', 'will', 'will-delay-interval', '5', '-D', 'will', 'content-type', 'text/plain',
             '-D', 'will', 'message-expiry-interval', '600', '-D', 'will', 'payload-format-indicator', '1',
             '-t', 'nanonode/dev1/telemetry', '-m', '{"t":21.5}', '-q', '1',
             '-D', 'publish', 'content-type', 'application/json', '-D', 'publish', 'message-expiry-interval', '300',
             '-D', 'publish', 'payload-format-indicator', '1', '-D', 'publish', 'response-topic', 'nanonode/dev1/reply',
             '-D', 'publish', 'correlation-data', 'c0ffee', '-D', 'publish', 'user-property', 'unit', 'C',
             '-D', 'publish', 'topic-alias', '1'])
        time.sleep(0.5)

        # B: subscriber with Subscription Identifier + User Property, a retained message delivered with the identifier,
        # UNSUBSCRIBE of a filter it never had (UNSUBACK 0x11).
        tap.scenario = 'B'
        run(['mosquitto_pub'] + H + ['-i', 'nn5-ret', '-t', 'nanonode/dev2/info', '-m', 'v5', '-q', '1', '-r'])
        time.sleep(0.3)
        run(['mosquitto_sub'] + H + ['-i', 'nn5-sub', '-k', '5', '-q', '2', '-t', 'nanonode/+/info', '-t', '$share/grp/nanonode/all/#',
             '-D', 'subscribe', 'subscription-identifier', '7', '-D', 'subscribe', 'user-property', 'who', 'sub',
             '-U', 'old/filter', '-D', 'unsubscribe', 'user-property', 'why', 'cleanup', '-C', '1', '-W', '4'])
        time.sleep(0.5)

        # C: paho: QoS 2 flow with properties, SUBSCRIBE with options, two subscriptions with different identifiers,
        # DISCONNECT with reason 0x04 + properties.
        tap.scenario = 'C'
        got = threading.Event()
        c = paho_client(tap, 'nn5-paho')
        c.on_message = lambda cl, u, m: got.set()
        time.sleep(0.3)
        sp = Properties(PacketTypes.SUBSCRIBE)
        sp.SubscriptionIdentifier = 3
        c.subscribe([('nanonode/+/cmd/#', SubscribeOptions(qos=2, noLocal=True, retainAsPublished=True, retainHandling=2)),
                     ('nanonode/dev3/config/set', SubscribeOptions(qos=1, retainHandling=1))], properties=sp)
        time.sleep(0.3)
        sp2 = Properties(PacketTypes.SUBSCRIBE)
        sp2.SubscriptionIdentifier = 9
        c.subscribe([('nanonode/dev3/#', SubscribeOptions(qos=0))], properties=sp2)
        time.sleep(0.3)
        p = paho_client(tap, 'nn5-paho-pub')
        time.sleep(0.3)
        pp = Properties(PacketTypes.PUBLISH)
        pp.PayloadFormatIndicator = 1
        pp.ContentType = 'application/json'
        pp.ResponseTopic = 'nanonode/dev3/config/ack'
        pp.CorrelationData = b'\x01\x02\x03\x04'
        pp.UserProperty = [('rev', '8'), ('by', 'paho')]
        pp.MessageExpiryInterval = 60
        p.publish('nanonode/dev3/config/set', '{"rev":8}', qos=2, properties=pp).wait_for_publish(5)
        got.wait(5)
        time.sleep(0.5)
        uq = Properties(PacketTypes.UNSUBSCRIBE)
        uq.UserProperty = ('k', 'v')
        c.unsubscribe(['nanonode/dev3/#'], properties=uq)
        time.sleep(0.3)
        dp = Properties(PacketTypes.DISCONNECT)
        dp.SessionExpiryInterval = 0
        dp.ReasonString = 'done'
        c.disconnect(reasoncode=mqtt.ReasonCodes(PacketTypes.DISCONNECT, 'Disconnect with will message'), properties=dp)
        p.disconnect()
        time.sleep(0.3)
        c.loop_stop()
        p.loop_stop()

        # D: assigned client identifier (empty id, clean start) and refused empty id without clean start (CONNACK 0x85).
        tap.scenario = 'D'
        a = paho_client(tap, '')
        time.sleep(0.5)
        a.disconnect()
        a.loop_stop()
        b = mqtt.Client(client_id='', protocol=mqtt.MQTTv5)
        try:
            b.connect('127.0.0.1', tap.port, keepalive=20, clean_start=False)
            b.loop_start()
            time.sleep(0.5)
            b.loop_stop()
        except Exception as e:
            print('# D refused:', e, file=sys.stderr)

        # D2: CONNECT with Authentication Method + Data: Mosquitto without an auth plugin refuses with CONNACK 0x8C.
        tap.scenario = 'D2'
        cp = Properties(PacketTypes.CONNECT)
        cp.AuthenticationMethod = 'SCRAM-SHA-1'
        cp.AuthenticationData = b'n,,n=nano,r=abc'
        cp.RequestProblemInformation = 1
        cp.RequestResponseInformation = 1
        r = mqtt.Client(client_id='nn5-auth', protocol=mqtt.MQTTv5)
        try:
            r.connect('127.0.0.1', tap.port, keepalive=20, clean_start=True, properties=cp)
            r.loop_start()
            time.sleep(0.5)
            r.loop_stop()
        except Exception as e:
            print('# D2 refused:', e, file=sys.stderr)

        # E: session taken over: the second connection with the same id makes the broker send DISCONNECT 0x8E to the first.
        tap.scenario = 'E'
        first = paho_client(tap, 'nn5-dup')
        time.sleep(0.5)
        second = paho_client(tap, 'nn5-dup')
        time.sleep(0.5)
        second.disconnect()
        time.sleep(0.3)
        first.loop_stop()
        second.loop_stop()

        # F: packet too large: a PUBLISH over the broker's max_packet_size (65536) gets DISCONNECT 0x95.
        tap.scenario = 'F'
        big = paho_client(tap, 'nn5-big')
        time.sleep(0.3)
        big.publish('nanonode/dev4/blob', b'x' * 70000, qos=0)
        time.sleep(1)
        big.loop_stop()

        # G: keep alive: PINGREQ / PINGRESP under MQTT 5 (paho, keep alive 1 s).
        tap.scenario = 'G'
        g = mqtt.Client(client_id='nn5-ping', protocol=mqtt.MQTTv5)
        g.connect('127.0.0.1', tap.port, keepalive=1, clean_start=True)
        g.loop_start()
        time.sleep(2.5)
        g.disconnect()
        time.sleep(0.3)
        g.loop_stop()

        for (scenario, conn, direction), name, data in tap.packets():
            h = data.hex() if len(data) <= 512 else data[:64].hex() + '...(%d bytes)' % len(data)
            print(scenario, conn, direction, name, h)
    finally:
        mosq.terminate()
        mosq.wait()


if __name__ == '__main__':
    main()
