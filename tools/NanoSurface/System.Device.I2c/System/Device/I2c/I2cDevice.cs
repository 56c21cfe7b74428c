namespace System.Device.I2c;

// nanoframework/System.Device.I2c: System.Device.I2c/I2cDevice.cs@main (1.x: SpanByte, not Span<byte>)
// Every call takes a lock; ESP32 native code allocates an I2cTransferResult per call.
public class I2cDevice : IDisposable
{
    public I2cDevice(I2cConnectionSettings settings) { }
    public I2cConnectionSettings ConnectionSettings => throw null;
    public static I2cDevice Create(I2cConnectionSettings settings) => throw null;
    public byte ReadByte() => throw null;
    public I2cTransferResult WriteByte(byte value) => throw null;
    public I2cTransferResult Read(SpanByte buffer) => throw null;
    public I2cTransferResult Write(SpanByte buffer) => throw null;
    public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) => throw null;
    public void Dispose() { }
}

// nanoframework/System.Device.I2c: System.Device.I2c/I2cConnectionSettings.cs@main
public sealed class I2cConnectionSettings
{
    /// <summary>Bus speed defaults to <see cref="I2cBusSpeed.FastMode"/>.</summary>
    public I2cConnectionSettings(int busId, int deviceAddress) { }
    public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { }
    public int BusId => throw null;
    public int DeviceAddress => throw null;
    public I2cBusSpeed BusSpeed => throw null;
}

// nanoframework/System.Device.I2c: System.Device.I2c/I2cBusSpeed.cs@main
public enum I2cBusSpeed
{
    StandardMode,
    FastMode,
    FastModePlus,
}

// nanoframework/System.Device.I2c: System.Device.I2c/I2cTransferResult.cs@main
public struct I2cTransferResult
{
    public uint BytesTransferred => throw null;
    public I2cTransferStatus Status => throw null;
}

// nanoframework/System.Device.I2c: System.Device.I2c/I2cTransferStatus.cs@main
public enum I2cTransferStatus
{
    UnknownError,
    FullTransfer,
    ClockStretchTimeout,
    PartialTransfer,
    SlaveAddressNotAcknowledged,
}
