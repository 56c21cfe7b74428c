namespace NanoNode.Device.Node
{
    /// <summary>The board profiles the nanoFramework app (firmware/App) can compose.</summary>
    public enum BoardKind : byte
    {
        /// <summary>ESP32 DevKitC: I2C1 on GPIO 21/22, Wi-Fi and CA stored by nanoff, files on <c>I:</c>.</summary>
        Esp32DevKitC = 0,

        /// <summary>Simulated chips and an in-process loopback broker (the nanoclr emulator has no sockets).</summary>
        Virtual = 1,
    }

    /// <summary>
    /// Chooses the board profile at boot. Order: the <c>board</c> of the settings file (<see cref="DeviceSettings"/>,
    /// written by flash.ps1); when absent, the firmware's target name (<c>SystemInfo.TargetName</c> on nanoFramework):
    /// a name starting with <c>ESP32</c> (ESP32_REV0, ESP32_PSRAM_REV0, ...) means ESP32 DevKitC wiring, anything
    /// else (the nanoclr virtual device) the virtual board. Boot time only (string compares).
    /// </summary>
    public static class BoardProfile
    {
        /// <summary>Settings name of <see cref="BoardKind.Esp32DevKitC"/> (the flash.ps1 default).</summary>
        public const string Esp32DevKitCName = "esp32-devkitc";

        /// <summary>Settings name of <see cref="BoardKind.Virtual"/>.</summary>
        public const string VirtualName = "virtual";

        /// <summary>Firmware version reported in <c>info</c> by the nanoFramework app's boards.</summary>
        public const string FirmwareVersion = "0.1.0";

        /// <summary>
        /// The profile named <paramref name="name"/> (exact, lower case); false for null, empty or unknown names.
        /// </summary>
        public static bool TryParse(string name, out BoardKind kind)
        {
            kind = BoardKind.Esp32DevKitC;
            if (name == Esp32DevKitCName)
            {
                return true;
            }

            if (name == VirtualName)
            {
                kind = BoardKind.Virtual;
                return true;
            }

            return false;
        }

        /// <summary>The profile for a firmware target name when no settings file names one (see the class remarks).</summary>
        public static BoardKind ForTarget(string targetName)
        {
            return targetName != null && targetName.StartsWith("ESP32") ? BoardKind.Esp32DevKitC : BoardKind.Virtual;
        }

        /// <summary>
        /// The profile to run: <paramref name="settingsBoard"/> when it names one, otherwise <see cref="ForTarget"/>.
        /// <paramref name="unknown"/> is true when the settings named a board this firmware does not know (the caller
        /// logs it; the target rule still picks a profile so the node comes up).
        /// </summary>
        public static BoardKind Select(string settingsBoard, string targetName, out bool unknown)
        {
            BoardKind kind;
            if (TryParse(settingsBoard, out kind))
            {
                unknown = false;
                return kind;
            }

            unknown = settingsBoard != null && settingsBoard.Length > 0;
            return ForTarget(targetName);
        }

        /// <summary>Settings/info name of <paramref name="kind"/>.</summary>
        public static string Name(BoardKind kind)
        {
            return kind == BoardKind.Virtual ? VirtualName : Esp32DevKitCName;
        }
    }
}
