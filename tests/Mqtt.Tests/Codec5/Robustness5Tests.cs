using nanoFramework.TestFramework;
using NanoNode.Mqtt.Tests.Codec;

namespace NanoNode.Mqtt.Tests.Codec5
{
    /// <summary>
    /// Bad input is a status, never an exception or an out-of-range view: random bytes, every single-byte mutation of
    /// the golden vectors, and cut packets go through the MQTT 5 decoder, frame check and property reader for every
    /// role. Deterministic (fixed-seed xorshift), bounded in count.
    /// </summary>
    [TestClass]
    public class Robustness5Tests
    {
        private static readonly MqttRole[] Roles = new MqttRole[] { MqttRole.Any, MqttRole.Client, MqttRole.Server };

        [TestMethod]
        public static void RandomBytesNeverThrow()
        {
            uint state = 0x2545F491;
            byte[] buffer = new byte[96];
            Mqtt5Packet packet = new Mqtt5Packet();
            Mqtt5PropertyReader reader = new Mqtt5PropertyReader();
            int ok = 0;
            for (int i = 0; i < 6000; i++)
            {
                int length = (int)(Next(ref state) % (uint)buffer.Length);
                for (int j = 0; j < length; j++)
                {
                    buffer[j] = (byte)Next(ref state);
                }

                // Make most inputs plausible frames so the body decoders are reached: a real type and a fitting length.
                if (length >= 2 && (i & 3) != 0)
                {
                    buffer[0] = (byte)((1 + (int)(Next(ref state) % 15)) << 4 | (int)(Next(ref state) % 3 == 0 ? Next(ref state) & 15 : 0));
                    buffer[1] = (byte)(length - 2);
                }

                ok += Exercise(buffer, length, packet, reader);
            }

            OutputHelper.WriteLine("random inputs decoded Ok: " + ok.ToString());
        }

        [TestMethod]
        public static void EveryByteMutationOfTheGoldenVectorsIsHandled()
        {
            byte[][] all = new byte[][]
            {
                Golden5Vectors.ConnectAllProperties, Golden5Vectors.ConnAckAssignedClientId, Golden5Vectors.PublishQos1AllProperties,
                Golden5Vectors.PublishQos2Properties, Golden5Vectors.SubscribeIdentifierShared, Golden5Vectors.SubscribeOptions,
                Golden5Vectors.UnsubscribeUserProperty, Golden5Vectors.SubAckGranted2x1, Golden5Vectors.UnsubAckNoSubscriptionExisted,
                Golden5Vectors.DisconnectWithWillAndProperties, Golden5Vectors.AuthContinue, Golden5Vectors.PubAckNoMatchingSubscribers,
                Golden5Vectors.ConnectAuthenticationMethod,
            };
            int[] values = new int[] { 0x00, 0x01, 0x7F, 0x80, 0xFF };
            Mqtt5Packet packet = new Mqtt5Packet();
            Mqtt5PropertyReader reader = new Mqtt5PropertyReader();
            int cases = 0;
            for (int v = 0; v < all.Length; v++)
            {
                byte[] copy = new byte[all[v].Length];
                for (int i = 0; i < copy.Length; i++)
                {
                    for (int k = 0; k < values.Length; k++)
                    {
                        System.Array.Copy(all[v], 0, copy, 0, copy.Length);
                        copy[i] = (byte)values[k];
                        Exercise(copy, copy.Length, packet, reader);
                        cases++;
                    }
                }
            }

            Assert.IsTrue(cases > 3000, "cases");
        }

        [TestMethod]
        public static void ShorterRemainingLengthIsNeverReadPast()
        {
            // Lower the remaining length of each vector by 1..n: the decoder sees a shorter packet inside a longer
            // buffer and must only read within the declared packet.
            byte[][] all = new byte[][]
            {
                Golden5Vectors.ConnectAllProperties, Golden5Vectors.PublishQos1AllProperties, Golden5Vectors.SubscribeOptions,
                Golden5Vectors.DisconnectWithWillAndProperties, Golden5Vectors.AuthSuccess, Golden5Vectors.ConnAckProperties,
            };
            Mqtt5Packet packet = new Mqtt5Packet();
            for (int v = 0; v < all.Length; v++)
            {
                byte[] copy = new byte[all[v].Length];
                System.Array.Copy(all[v], 0, copy, 0, copy.Length);
                int declared = copy[1];
                Assert.IsTrue(declared < 128, "one-byte remaining length");
                for (int n = declared - 1; n >= 0; n--)
                {
                    copy[1] = (byte)n;
                    MqttStatus s = Mqtt5Decoder.Decode(copy, 0, copy.Length, MqttRole.Any, packet);
                    if (s == MqttStatus.Ok)
                    {
                        Assert.AreEqual(2 + n, packet.Length, "consumed");
                        AssertViewsInside(packet, 2 + n);
                    }
                    else
                    {
                        Assert.IsTrue(MqttStatusInfo.IsMalformed(s), "a cut packet is malformed, not " + ((int)s).ToString());
                    }
                }
            }
        }

        // Decodes with every role; checks the views of a successful decode lie inside the packet and walks its properties.
        private static int Exercise(byte[] buffer, int length, Mqtt5Packet packet, Mqtt5PropertyReader reader)
        {
            int ok = 0;
            int frame;
            int header;
            int missing;
            MqttStatus f = Mqtt5Decoder.CheckFrame(buffer, 0, length, 0, out frame, out header, out missing);
            for (int r = 0; r < Roles.Length; r++)
            {
                MqttStatus s = Mqtt5Decoder.Decode(buffer, 0, length, Roles[r], packet);
                if (s != MqttStatus.Ok)
                {
                    Assert.IsTrue(s == MqttStatus.NeedMoreBytes || s == MqttStatus.UnacceptableProtocolLevel || MqttStatusInfo.IsMalformed(s), "status " + ((int)s).ToString());
                    continue;
                }

                ok++;
                Assert.IsTrue(f == MqttStatus.Ok && frame == packet.Length, "frame check agrees with decode");
                AssertViewsInside(packet, packet.Length);
                reader.Reset(buffer, packet.PropertiesOffset, packet.PropertiesLength);
                int n = 0;
                while (reader.Next())
                {
                    n++;
                }

                CodecAssert.Status(MqttStatus.Ok, reader.Status, "validated properties read cleanly");
            }

            return ok;
        }

        private static void AssertViewsInside(Mqtt5Packet p, int length)
        {
            int end = p.Offset + length;
            Inside(p.PropertiesOffset, p.PropertiesLength, end, "properties");
            Inside(p.TopicOffset, p.TopicLength, end, "topic");
            Inside(p.PayloadOffset, p.PayloadLength, end, "payload");
            Inside(p.ClientIdOffset, p.ClientIdLength, end, "client id");
            Inside(p.WillPropertiesOffset, p.WillPropertiesLength, end, "will properties");
            Inside(p.WillMessageOffset, p.WillMessageLength, end, "will message");
            Inside(p.PasswordOffset, p.PasswordLength, end, "password");
            Inside(p.ItemsOffset, p.ItemsLength, end, "items");
        }

        private static void Inside(int offset, int length, int end, string what)
        {
            Assert.IsTrue(offset >= 0 && length >= 0 && offset + length <= end, what + " inside the packet");
        }

        private static uint Next(ref uint state)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return state;
        }
    }
}
