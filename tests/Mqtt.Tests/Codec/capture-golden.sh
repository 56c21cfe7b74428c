#!/usr/bin/env bash
# How GoldenVectors.cs "Captured" vectors were made: MQTT 3.1.1 traffic between Debian mosquitto 2.0.11 and
# mosquitto_pub/mosquitto_sub on 127.0.0.1, recorded with tshark on lo. Needs: apt-get install -y mosquitto
# mosquitto-clients tshark (root, for capturing). Works in a temporary directory; prints the packets, one per line:
# <client port> <c2s|s2c> <TYPE> <hex>. Kills only the mosquitto and tshark it started.
set -u
cd "$(mktemp -d)"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
echo "port $PORT"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$PORT" > mosq.conf
mosquitto -c mosq.conf > mosq.log 2>&1 &
MPID=$!
sleep 1
tshark -i lo -f "tcp port $PORT" -w cap.pcapng > tshark.log 2>&1 &
TPID=$!
sleep 2
H="-h 127.0.0.1 -p $PORT -V mqttv311"
set -x
mosquitto_pub $H -i nn-golden-pub -u nanouser -P s3cret --will-topic nanonode/dev1/status --will-payload offline --will-qos 1 --will-retain -t nanonode/dev1/telemetry -m '{"t":21.5}' -q 0 -r
sleep 0.5
mosquitto_pub $H -i nn-golden-q1 -t nanonode/dev1/info -m 'v1' -q 1 -r
sleep 0.5
mosquitto_pub $H -i nn-golden-q2 -t nanonode/dev1/config -m '{"rev":7}' -q 2
sleep 0.5
mosquitto_sub $H -i nn-golden-sub -k 5 -q 1 -t 'nanonode/+/info' -t 'nanonode/all/#' -t 'sensors/temp' -U 'old/filter' -U 'legacy/+/x' -W 8 -v
set +x
sleep 1
kill "$TPID"; wait "$TPID"
kill "$MPID"; wait "$MPID"
tshark -r cap.pcapng -Y "tcp.len>0" -T fields -e tcp.srcport -e tcp.dstport -e tcp.payload 2>/dev/null > payloads.txt
python3 - "$PORT" <<'PY'
import sys
server = int(sys.argv[1])
names = ['', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK',
         'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT']
pending = {}
for line in open('payloads.txt'):
    sp, dp, hexdata = line.split('\t')
    sp, dp = int(sp), int(dp)
    key = (dp, 'c2s') if dp == server else (sp, 's2c')
    pending[key] = pending.get(key, b'') + bytes.fromhex(hexdata.strip())
    while True:
        x = pending[key]
        if len(x) < 2:
            break
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
        print(key[0], key[1], names[x[0] >> 4], x[:total].hex())
        pending[key] = x[total:]
PY
