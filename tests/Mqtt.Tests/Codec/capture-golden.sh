#!/usr/bin/env bash
# Captures MQTT 3.1.1 traffic between Debian mosquitto 2.0.11 and mosquitto_pub/sub on 127.0.0.1.
set -u
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
