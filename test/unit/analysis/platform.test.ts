import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stagePlatform } from '../../../server/src/analysis/platform';
import { buildModel } from '../../../server/src/parse/model';

const finalPlatform = (text: string) => stagePlatform(buildModel(text).finalStage!);

void describe('stagePlatform', () => {
  const windows = [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi',
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
    'FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022 AS build\nFROM build',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0-windowsservercore-ltsc2022',
    'FROM mcr.microsoft.com/dotnet/framework/sdk:4.8',
    'FROM mcr.microsoft.com/powershell:lts-windowsservercore-1809',
    'ARG TAG=ltsc2019\nFROM mcr.microsoft.com/windows/servercore:${TAG}',
    'FROM microsoft/windowsservercore',
    'FROM mybase:1.0\nSHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]',
    'FROM mybase:1.0\nSHELL ["cmd", "/S", "/C"]',
    'FROM --platform=windows/amd64 mybase:1.0',
  ];
  for (const text of windows) {
    void it(`windows: ${text.split('\n').at(-1)}`, () =>
      assert.equal(finalPlatform(text), 'windows'));
  }
  const linux = [
    'FROM mcr.microsoft.com/dotnet/sdk:8.0',
    'FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL ["pwsh", "-Command"]',
    'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    'FROM windows-tools/builder:1',
    'FROM --platform=$BUILDPLATFORM golang:1.22',
  ];
  for (const text of linux) {
    void it(`linux: ${text.split('\n').at(-1)}`, () => assert.equal(finalPlatform(text), 'linux'));
  }
});
