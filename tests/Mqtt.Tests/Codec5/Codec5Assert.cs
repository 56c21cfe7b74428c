using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>Helpers shared by the MQTT 5 codec tests (test code: allocation allowed).</summary>
    public static class Codec5Assert
    {
        /// <summary>Decodes <paramref name="bytes"/> as MQTT 5 with <paramref name="role"/>, asserting Ok and that the whole array was consumed.</summary>
        public static Mqtt5Packet DecodeOk(byte[] bytes, MqttRole role)
        {
            Mqtt5Packet packet = new Mqtt5Packet();
            CodecAssert.Status(MqttStatus.Ok, Mqtt5Decoder.Decode(bytes, 0, bytes.Length, role, packet), "decode");
            Assert.AreEqual(bytes.Length, packet.Length, "consumed");
            Assert.AreSame(bytes, packet.Buffer);
            return packet;
        }

        /// <summary>Decodes with <paramref name="role"/> and returns the status.</summary>
        public static MqttStatus Status(byte[] bytes, MqttRole role)
        {
            return Mqtt5Decoder.Decode(bytes, 0, bytes.Length, role, new Mqtt5Packet());
        }

        /// <summary>Asserts the decode status of <paramref name="bytes"/> with <paramref name="role"/>.</summary>
        public static void DecodeFails(MqttStatus expected, byte[] bytes, MqttRole role, string what)
        {
            CodecAssert.Status(expected, Status(bytes, role), what);
        }

        /// <summary>A writer over a fresh 512-byte scratch buffer.</summary>
        public static Mqtt5PropertyWriter Writer()
        {
            Mqtt5PropertyWriter w = new Mqtt5PropertyWriter();
            CodecAssert.Status(MqttStatus.Ok, w.Reset(new byte[512], 0, 512), "writer reset");
            return w;
        }

        /// <summary>Asserts Ok for a writer step.</summary>
        public static void Ok(MqttStatus status, string what)
        {
            CodecAssert.Status(MqttStatus.Ok, status, what);
        }

        /// <summary>Asserts the encoder returned Ok and wrote exactly <paramref name="expected"/>.</summary>
        public static void Encoded(byte[] expected, MqttStatus status, byte[] buffer, int written, string what)
        {
            CodecAssert.Status(MqttStatus.Ok, status, what + ": encode status");
            CodecAssert.Bytes(expected, buffer, 0, written, what);
        }

        /// <summary>Asserts that the property section of <paramref name="p"/> equals the writer's bytes.</summary>
        public static void SameProperties(Mqtt5PropertyWriter w, Mqtt5Packet p, string what)
        {
            byte[] expected = new byte[w.Length];
            System.Array.Copy(w.Buffer, w.Offset, expected, 0, w.Length);
            CodecAssert.Bytes(expected, p.Buffer, p.PropertiesOffset, p.PropertiesLength, what);
        }

        /// <summary>Asserts the string property <paramref name="id"/> of <paramref name="set"/> equals <paramref name="expected"/>.</summary>
        public static void StringProperty(string expected, Mqtt5PropertySet set, int id, byte[] buffer, string what)
        {
            Assert.IsTrue(set.Has(id), what + " present");
            CodecAssert.View(expected, buffer, set.Offsets[id], set.Lengths[id], what);
        }

        /// <summary>Asserts an integer property value.</summary>
        public static void IntProperty(long expected, Mqtt5PropertySet set, int id, string what)
        {
            Assert.IsTrue(set.Has(id), what + " present");
            Assert.AreEqual(expected, set.Values[id], what);
        }

        /// <summary>A copy of <paramref name="source"/> with byte <paramref name="index"/> set to <paramref name="value"/>.</summary>
        public static byte[] With(byte[] source, int index, int value)
        {
            byte[] copy = new byte[source.Length];
            System.Array.Copy(source, 0, copy, 0, source.Length);
            copy[index] = (byte)value;
            return copy;
        }

        /// <summary>Fixed header (type/flags byte + remaining length) followed by <paramref name="body"/>.</summary>
        public static byte[] Packet(int first, byte[] body)
        {
            int n = MqttWire.VariableByteIntegerSize(body.Length);
            byte[] result = new byte[1 + n + body.Length];
            result[0] = (byte)first;
            int written;
            MqttWire.WriteVariableByteInteger(result, 1, n, body.Length, out written);
            System.Array.Copy(body, 0, result, 1 + n, body.Length);
            return result;
        }

        /// <summary>Concatenates byte arrays.</summary>
        public static byte[] Cat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            System.Array.Copy(a, 0, result, 0, a.Length);
            System.Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }
    }
}
