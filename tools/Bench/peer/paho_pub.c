/*
 * Peer publisher for `Bench client` (tools/Bench/ClientBench.cs): Eclipse Paho C, synchronous API (MQTTClient),
 * Debian package libpaho-mqtt-dev. Compiled by the bench at run time:
 *   gcc -O2 -o artifacts/bench/paho_pub tools/Bench/peer/paho_pub.c -lpaho-mqtt3c
 * Usage: paho_pub <host> <port> <topic> <count> <qos> <payload_bytes>
 * Mode (the same the bench uses for NanoNode's client):
 *   QoS 0: back to back, no acknowledgement exists.
 *   QoS 1: one message in flight, synchronously acknowledged: publish, then wait for its PUBACK before the next
 *          publish. The PUBACK is noticed by Paho's own receive thread (MQTTClient_setCallbacks, deliveryComplete),
 *          which signals a condition variable: MQTTClient_waitForCompletion without callbacks polls in 100 ms
 *          steps on this library version and measured 10 msgs/s, a figure about its wait loop, not the protocol.
 * Exit code 0 when every message was published (and, QoS 1, acknowledged).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <MQTTClient.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t acked = PTHREAD_COND_INITIALIZER;
static volatile MQTTClient_deliveryToken last_acked = -1;

static void on_delivered(void *context, MQTTClient_deliveryToken token)
{
    (void)context;
    pthread_mutex_lock(&lock);
    last_acked = token;
    pthread_cond_signal(&acked);
    pthread_mutex_unlock(&lock);
}

static int on_message(void *context, char *topic, int topic_len, MQTTClient_message *message)
{
    (void)context;
    (void)topic_len;
    MQTTClient_freeMessage(&message);
    MQTTClient_free(topic);
    return 1;
}

static int wait_acked(MQTTClient_deliveryToken token)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 10;
    int rc = 0;
    pthread_mutex_lock(&lock);
    while (last_acked != token && rc == 0) {
        rc = pthread_cond_timedwait(&acked, &lock, &deadline);
    }
    pthread_mutex_unlock(&lock);
    return last_acked == token ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: paho_pub <host> <port> <topic> <count> <qos> <payload_bytes>\n");
        return 2;
    }

    char uri[256];
    snprintf(uri, sizeof uri, "tcp://%s:%s", argv[1], argv[2]);
    const char *topic = argv[3];
    int count = atoi(argv[4]);
    int qos = atoi(argv[5]);
    int size = atoi(argv[6]);
    char *payload = malloc(size > 0 ? size : 1);
    memset(payload, 'p', size > 0 ? size : 1);

    MQTTClient client;
    if (MQTTClient_create(&client, uri, "paho-bench-pub", MQTTCLIENT_PERSISTENCE_NONE, NULL) != MQTTCLIENT_SUCCESS) {
        fprintf(stderr, "create failed\n");
        return 1;
    }

    if (qos > 0 && MQTTClient_setCallbacks(client, NULL, NULL, on_message, on_delivered) != MQTTCLIENT_SUCCESS) {
        fprintf(stderr, "setCallbacks failed\n");
        return 1;
    }

    MQTTClient_connectOptions opts = MQTTClient_connectOptions_initializer;
    opts.keepAliveInterval = 60;
    opts.cleansession = 1;
    int rc = MQTTClient_connect(client, &opts);
    if (rc != MQTTCLIENT_SUCCESS) {
        fprintf(stderr, "connect failed: %d\n", rc);
        return 1;
    }

    for (int i = 0; i < count; i++) {
        MQTTClient_deliveryToken token;
        rc = MQTTClient_publish(client, topic, size, payload, qos, 0, &token);
        if (rc != MQTTCLIENT_SUCCESS) {
            fprintf(stderr, "publish %d failed: %d\n", i, rc);
            return 1;
        }

        if (qos > 0) {
            if (wait_acked(token) != 0) {
                fprintf(stderr, "ack %d failed: %d\n", i, rc);
                return 1;
            }
        }
    }

    MQTTClient_disconnect(client, 10000);
    MQTTClient_destroy(&client);
    free(payload);
    return 0;
}
