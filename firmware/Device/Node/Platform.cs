using NanoNode.Drivers.I2c;
using NanoNode.Drivers.Sensors;

namespace NanoNode.Device.Node
{
    /// <summary>Time as the device logic sees it. Injected so tests and simulations move time explicitly.</summary>
    public interface IDeviceClock
    {
        /// <summary>Monotonic milliseconds since an arbitrary origin (scheduling, deadlines).</summary>
        long NowMs { get; }

        /// <summary>Wall-clock seconds since 1970-01-01 UTC, or -1 while the time is not known (no SNTP yet).</summary>
        long UnixSeconds { get; }
    }

    /// <summary>
    /// The real clock on both runtimes: <c>Environment.TickCount64</c> (nanoFramework.Runtime.Native / BCL) and
    /// <c>DateTime.UtcNow</c>; a wall clock before 2020 counts as not set (ESP32 boots at 1970 until SNTP).
    /// </summary>
    public sealed class SystemDeviceClock : IDeviceClock
    {
        private const long UnixEpochTicks = 621355968000000000L;
        private const long Year2020 = 1577836800L;

        /// <inheritdoc />
        public long NowMs
        {
            get { return System.Environment.TickCount64; }
        }

        /// <inheritdoc />
        public long UnixSeconds
        {
            get
            {
                long s = (System.DateTime.UtcNow.Ticks - UnixEpochTicks) / 10000000L;
                return s < Year2020 ? -1 : s;
            }
        }
    }

    /// <summary>What the board profile provides to the device logic (nanoFramework ESP32, virtual device, tests).</summary>
    public interface IBoard
    {
        /// <summary>Board name for <c>info</c>, e.g. <c>esp32-devkitc</c> or <c>virtual</c>.</summary>
        string Name { get; }

        /// <summary>Firmware version for <c>info</c>.</summary>
        string FirmwareVersion { get; }

        /// <summary>Free managed memory in bytes, or -1 when not known. May run a GC (called rarely: info refresh).</summary>
        long FreeMemory();

        /// <summary>Restarts the device (does not return on hardware; a virtual board restarts its node).</summary>
        void Reboot();

        /// <summary>Makes the device visible for <paramref name="seconds"/> (LED blink, console line). Must not block.</summary>
        void Identify(int seconds);
    }

    /// <summary>Creates the driver of chip <paramref name="chip"/> (index in <c>ConfigSchema.Chips</c>) at an address.</summary>
    public interface ISensorFactory
    {
        /// <summary>The bus the sensors are on (for scans).</summary>
        I2cBus Bus { get; }

        /// <summary>A driver for chip <paramref name="chip"/> at <paramref name="address"/>, or null when not supported. Config time only.</summary>
        ISensor Create(int chip, int address);
    }

    /// <summary>The NanoNode drivers (bme280, sht3x, aht20, bh1750, scd4x) on one bus.</summary>
    public sealed class DriverSensorFactory : ISensorFactory
    {
        private readonly I2cBus _bus;

        /// <summary>Drivers on <paramref name="bus"/>.</summary>
        public DriverSensorFactory(I2cBus bus)
        {
            _bus = bus;
        }

        /// <inheritdoc />
        public I2cBus Bus
        {
            get { return _bus; }
        }

        /// <inheritdoc />
        public ISensor Create(int chip, int address)
        {
            switch (chip)
            {
                case 0:
                    return new NanoNode.Drivers.Bme280.Bme280Driver(_bus, address);
                case 1:
                    return new NanoNode.Drivers.Sht3x.Sht3xDriver(_bus, address);
                case 2:
                    return new NanoNode.Drivers.Aht20.Aht20Driver(_bus, address);
                case 3:
                    return new NanoNode.Drivers.Bh1750.Bh1750Driver(_bus, address);
                case 4:
                    return new NanoNode.Drivers.Scd4x.Scd4xDriver(_bus, address);
                default:
                    return null;
            }
        }
    }
}
