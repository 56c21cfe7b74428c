// Must pass: device code with SpanByte, I2C, sockets, threads and lock, as nanoFramework 1.17 declares them.
using System;
using System.Device.I2c;
using System.Net.Sockets;
using System.Threading;

public class Device
{
    private readonly object _sync = new object();
    private readonly byte[] _command = new byte[] { 0x24, 0x00 };
    private readonly byte[] _reading = new byte[6];
    private int _count;

    public bool Read(I2cDevice device)
    {
        SpanByte write = _command;
        var read = new SpanByte(_reading, 0, 6);
        I2cTransferResult result = device.WriteRead(write, read.Slice(0, 6));
        lock (_sync)
        {
            _count++;
        }

        return result.Status == I2cTransferStatus.FullTransfer;
    }

    public int Send(Socket socket, byte[] packet, int length)
    {
        return socket.Send(packet, 0, length, SocketFlags.None);
    }

    public void Start()
    {
        var thread = new Thread(Loop);
        thread.Start();
        Thread.Sleep(10);
    }

    private void Loop()
    {
        while (Interlocked.CompareExchange(ref _count, 0, 0) < 100)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(100));
        }

        Console.WriteLine("count " + _count);
    }
}
