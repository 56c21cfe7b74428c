// nanoframework/System.Collections: package nanoFramework.System.Collections 1.5.x (dll nanoFramework.System.Collections.dll)
