using NanoNode.Device.Config;
using NanoNode.Device.Storage;

namespace NanoNode.Device.Node
{
    /// <summary>Where the boot config came from (logged by the app, tested on host).</summary>
    public enum BootConfigSource : byte
    {
        /// <summary>The newest valid persisted slot (<see cref="ConfigStore.Load"/>).</summary>
        Persisted = 0,

        /// <summary>Nothing persisted: the settings file's <c>config</c> object over the defaults (then saved).</summary>
        Settings = 1,

        /// <summary>Nothing persisted and no settings config: the schema defaults.</summary>
        Defaults = 2,

        /// <summary>Nothing persisted and the settings config failed validation: the schema defaults (nothing saved).</summary>
        SettingsRejected = 3,
    }

    /// <summary>
    /// Boot-time config selection shared by every board: persisted config first (so changes made over MQTT survive
    /// a restart and a re-run of flash.ps1 does not undo them); else the flashing-time settings file's <c>config</c>
    /// object, validated by the schema like any patch (its <c>rev</c> may be omitted) and saved as the first slot;
    /// else the defaults. Boot only; allocates nothing itself.
    /// </summary>
    public static class NodeBoot
    {
        /// <summary>
        /// Fills <paramref name="config"/> and returns where it came from. <paramref name="store"/> may be null (no
        /// persistence: settings or defaults only). <paramref name="settings"/> may be null (no settings file); its
        /// <c>config</c> view points into <paramref name="settingsBuffer"/>. On
        /// <see cref="BootConfigSource.SettingsRejected"/> the reasons are in <paramref name="patch"/>.Errors.
        /// </summary>
        public static BootConfigSource LoadConfig(ConfigStore store, ConfigPatch patch, DeviceSettings settings, byte[] settingsBuffer, DeviceConfig config)
        {
            if (store != null && store.Load(config))
            {
                return BootConfigSource.Persisted;
            }

            config.SetDefaults();
            if (settings == null || settingsBuffer == null || settings.ConfigOffset < 0)
            {
                return BootConfigSource.Defaults;
            }

            DeviceConfig staged = new DeviceConfig();
            if (patch.Validate(settingsBuffer, settings.ConfigOffset, settings.ConfigLength, config, staged, false) != ConfigResult.Applied)
            {
                return BootConfigSource.SettingsRejected;
            }

            config.CopyFrom(staged);
            if (store != null)
            {
                store.Save(config);
            }

            return BootConfigSource.Settings;
        }

        /// <summary>Log name of <paramref name="source"/>.</summary>
        public static string SourceName(BootConfigSource source)
        {
            switch (source)
            {
                case BootConfigSource.Persisted:
                    return "persisted";
                case BootConfigSource.Settings:
                    return "settings file";
                case BootConfigSource.SettingsRejected:
                    return "defaults (settings config rejected)";
                default:
                    return "defaults";
            }
        }
    }
}
