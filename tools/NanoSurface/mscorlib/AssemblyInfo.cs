// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/AssemblyInfo.cs@main (package nanoFramework.CoreLibrary 1.17.11)
using System.Reflection;

[assembly: AssemblyVersion("1.17.11.0")] // [unverified] the package version; the nfproj references use Version=1.17.11.0
