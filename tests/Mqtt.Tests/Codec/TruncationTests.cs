using nanoFramework.TestFramework;

namespace NanoNode.Mqtt.Tests.Codec
{
    /// <summary>Every golden packet cut at every byte: "need more", never a crash and never a wrong success; the frame reader agrees.</summary>
    [TestClass]
    public class TruncationTests
    {
        private static byte[][] All()
        {
            return new byte[][]
            {
                GoldenVectors.ConnectWillCredentials, GoldenVectors.ConnAckAccepted, GoldenVectors.PublishQos0Retain, GoldenVectors.Disconnect,
                GoldenVectors.ConnectMinimal, GoldenVectors.PublishQos1Retain, GoldenVectors.PubAck, GoldenVectors.PublishQos2, GoldenVectors.PubRec,
                GoldenVectors.PubRel, GoldenVectors.PubComp, GoldenVectors.ConnectKeepAlive5, GoldenVectors.SubscribeThreeFilters,
                GoldenVectors.SubAckThreeGranted, GoldenVectors.UnsubscribeOldFilter, GoldenVectors.UnsubscribeWildcardFilter, GoldenVectors.UnsubAck,
                GoldenVectors.PingReq, GoldenVectors.PingResp, GoldenVectors.SpecConnect, GoldenVectors.SpecConnAckRefusedProtocol,
                GoldenVectors.SpecPublishQos1, GoldenVectors.SpecSubscribe, GoldenVectors.SpecSubAck, GoldenVectors.SpecUnsubscribe,
            };
        }

        [TestMethod]
        public static void EveryPrefixNeedsMoreBytes()
        {
            byte[][] all = All();
            MqttPacket packet = new MqttPacket();
            for (int k = 0; k < all.Length; k++)
            {
                byte[] v = all[k];
                for (int n = 0; n < v.Length; n++)
                {
                    CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttDecoder.Decode(v, 0, n, MqttRole.Any, packet), "decode prefix");
                    int frame;
                    int header;
                    int missing;
                    CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttFrameReader.Check(v, 0, n, 0, out frame, out header, out missing), "frame prefix");
                    Assert.IsTrue(missing >= 1 && n + missing <= v.Length, "missing is a usable lower bound");
                    if (header > 0)
                    {
                        Assert.AreEqual(v.Length - n, missing, "exact once the header is complete");
                    }
                }

                int frameLength;
                int headerLength;
                int more;
                CodecAssert.Status(MqttStatus.Ok, MqttFrameReader.Check(v, 0, v.Length, 0, out frameLength, out headerLength, out more), "whole frame");
                Assert.AreEqual(v.Length, frameLength);
                Assert.AreEqual(0, more);
            }
        }

        [TestMethod]
        public static void ShortenedRemainingLengthIsMalformedNotSuccess()
        {
            // A complete frame whose remaining length claims fewer bytes than its fields need: every cut is a
            // malformed packet (the body is short), never Ok with wrong views.
            byte[][] all = All();
            MqttPacket packet = new MqttPacket();
            for (int k = 0; k < all.Length; k++)
            {
                byte[] v = all[k];
                if (v[1] >= 0x80)
                {
                    continue;
                }

                for (int body = 0; body < v[1]; body++)
                {
                    byte[] cut = new byte[2 + body];
                    System.Array.Copy(v, 0, cut, 0, cut.Length);
                    cut[1] = (byte)body;
                    MqttStatus status = MqttDecoder.Decode(cut, 0, cut.Length, MqttRole.Any, packet);
                    int type = v[0] >> 4;
                    if (status == MqttStatus.Ok)
                    {
                        // Only list-like packets can be cut into a shorter valid packet: PUBLISH inside its payload,
                        // SUBSCRIBE / UNSUBSCRIBE after a whole entry, SUBACK after a whole return code.
                        Assert.IsTrue(type == 3 || type == 8 || type == 9 || type == 10, "only list-like packets may survive a cut");
                        Assert.AreEqual(cut.Length, packet.Length);
                        if (type == 3)
                        {
                            Assert.AreEqual(cut.Length, packet.PayloadOffset + packet.PayloadLength, "payload ends at the cut");
                        }
                        else
                        {
                            Assert.AreEqual(cut.Length, packet.ItemsOffset + packet.ItemsLength, "items end at the cut");
                        }

                        continue;
                    }

                    Assert.IsTrue(MqttStatusInfo.IsMalformed(status), "cut body must be malformed");
                }
            }
        }

        [TestMethod]
        public static void FrameReaderSplitsAStreamAndReportsTooLarge()
        {
            byte[] stream = new byte[GoldenVectors.SubscribeThreeFilters.Length + GoldenVectors.PingReq.Length];
            System.Array.Copy(GoldenVectors.SubscribeThreeFilters, 0, stream, 0, GoldenVectors.SubscribeThreeFilters.Length);
            System.Array.Copy(GoldenVectors.PingReq, 0, stream, GoldenVectors.SubscribeThreeFilters.Length, GoldenVectors.PingReq.Length);
            int frame;
            int header;
            int missing;
            CodecAssert.Status(MqttStatus.Ok, MqttFrameReader.Check(stream, 0, stream.Length, 0, out frame, out header, out missing), "first");
            Assert.AreEqual(GoldenVectors.SubscribeThreeFilters.Length, frame);
            Assert.AreEqual(2, header);
            CodecAssert.Status(MqttStatus.Ok, MqttFrameReader.Check(stream, frame, stream.Length - frame, 0, out frame, out header, out missing), "second");
            Assert.AreEqual(2, frame);

            CodecAssert.Status(MqttStatus.TooLarge, MqttFrameReader.Check(GoldenVectors.PublishQos2, 0, 2, 16, out frame, out header, out missing), "over max packet size");
            Assert.AreEqual(GoldenVectors.PublishQos2.Length, frame);
            Assert.AreEqual(2, header);

            // 2-byte remaining length (200-byte body): header length 3, the missing count is exact.
            byte[] big = CodecAssert.B(0x30, 0xC8, 0x01, 0x00, 0x01, 0x61);
            CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttFrameReader.Check(big, 0, big.Length, 0, out frame, out header, out missing), "big");
            Assert.AreEqual(203, frame);
            Assert.AreEqual(3, header);
            Assert.AreEqual(197, missing);
        }

        [TestMethod]
        public static void FrameReaderRejectsBadFirstByteAndFifthLengthByte()
        {
            int frame;
            int header;
            int missing;
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttFrameReader.Check(CodecAssert.B(0x00), 0, 1, 0, out frame, out header, out missing), "type 0");
            CodecAssert.Status(MqttStatus.MalformedPacketType, MqttFrameReader.Check(CodecAssert.B(0xF0, 0x00), 0, 2, 0, out frame, out header, out missing), "type 15");
            CodecAssert.Status(MqttStatus.MalformedFlags, MqttFrameReader.Check(CodecAssert.B(0x80), 0, 1, 0, out frame, out header, out missing), "SUBSCRIBE flags 0000");
            CodecAssert.Status(MqttStatus.MalformedQos, MqttFrameReader.Check(CodecAssert.B(0x36), 0, 1, 0, out frame, out header, out missing), "QoS 3");
            CodecAssert.Status(MqttStatus.MalformedRemainingLength, MqttFrameReader.Check(CodecAssert.B(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F), 0, 6, 0, out frame, out header, out missing), "5 length bytes");
            CodecAssert.Status(MqttStatus.NeedMoreBytes, MqttFrameReader.Check(CodecAssert.B(0x30, 0xFF, 0xFF, 0xFF), 0, 4, 0, out frame, out header, out missing), "4 length bytes so far");
            Assert.AreEqual(1, missing);
        }

        [TestMethod]
        public static void LargePublishRoundTripWithThreeByteLength()
        {
            // 20,000-byte payload: remaining length needs 3 bytes (16384..2097151).
            byte[] topic = CodecAssert.Utf8("nanonode/dev1/blob");
            byte[] payload = new byte[20000];
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = (byte)(i * 7);
            }

            int size = PublishPacket.Size(topic.Length, 1, payload.Length);
            Assert.AreEqual(1 + 3 + 2 + topic.Length + 2 + payload.Length, size);
            byte[] buffer = new byte[size];
            int written;
            CodecAssert.Status(MqttStatus.Ok, PublishPacket.Encode(buffer, 0, size, topic, 0, topic.Length, 1, false, false, 513, payload, 0, payload.Length, out written), "encode");
            Assert.AreEqual(size, written);
            MqttPacket p = CodecAssert.DecodeOk(buffer, MqttRole.Client);
            Assert.AreEqual(513, p.PacketId);
            CodecAssert.Bytes(payload, buffer, p.PayloadOffset, p.PayloadLength, "payload");
            CodecAssert.Status(MqttStatus.Ok, PublishPacket.SetDup(buffer, 0), "set dup");
            Assert.IsTrue(CodecAssert.DecodeOk(buffer, MqttRole.Client).Dup, "DUP after SetDup [MQTT-3.3.1-1]");
        }
    }
}
