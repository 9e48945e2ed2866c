import { ruleTests } from '../ruleTester';

ruleTests('pkg-cache-not-cleaned', {
  valid: [
    {
      code: 'FROM fedora:41\nRUN dnf install -y git && rm -rf /var/cache/libdnf5\n',
      name: 'dnf5 cache removed',
    },
    {
      code: 'FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y git\n',
      name: 'dnf5 cache mounted',
    },
    { code: 'FROM rockylinux:9\nRUN dnf install -y nginx && dnf clean all\n' },
    { code: 'FROM centos:7\nRUN yum -y install httpd && yum clean all\n' },
    {
      code: 'FROM centos:7\nRUN yum install -y httpd && rm -rf /var/cache/yum\n',
      name: 'rm -rf /var/cache/yum',
    },
    {
      code: 'FROM fedora:40\nRUN dnf install -y gcc && rm -rf /var/cache/dnf/*\n',
      name: 'rm -rf /var/cache/dnf/*',
    },
    {
      code: 'FROM redhat/ubi9-minimal\nRUN microdnf install -y tar && microdnf clean all\n',
      name: 'microdnf',
    },
    {
      code: 'FROM opensuse/leap:15\nRUN zypper -n install curl && zypper clean --all\n',
      name: 'zypper clean',
    },
    { code: 'FROM opensuse/leap:15\nRUN zypper in -y curl && zypper cc -a\n', name: 'zypper cc' },
    {
      code: 'FROM rockylinux:9\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y nginx\n',
      name: 'cache mount on the cache dir',
    },
    {
      code: 'FROM rockylinux:9\nRUN yum install -y nginx && dnf clean all\n',
      name: 'yum and dnf share the cache on RHEL 8+',
    },
    { code: 'FROM rockylinux:9\nRUN dnf repolist\n', name: 'not an install' },
  ],
  invalid: [
    {
      name: 'dnf update (an upgrade) fills the cache too',
      code: 'FROM rockylinux:9\nRUN dnf update -y --security\n',
      errors: ['dnf update'],
      output: 'FROM rockylinux:9\nRUN dnf update -y --security && dnf clean all\n',
    },
    {
      name: 'dnf in (alias of install)',
      code: 'FROM fedora:40\nRUN dnf -y in git\n',
      errors: ['dnf -y in'],
      output: 'FROM fedora:40\nRUN dnf -y in git && dnf clean all\n',
    },
    {
      name: 'dnf upgrade-minimal',
      code: 'FROM rockylinux:9\nRUN dnf -y upgrade-minimal --security\n',
      errors: ['dnf -y upgrade-minimal'],
      output: 'FROM rockylinux:9\nRUN dnf -y upgrade-minimal --security && dnf clean all\n',
    },
    {
      name: 'microdnf upgrade',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf upgrade -y\n',
      errors: ['microdnf upgrade'],
      output:
        'FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf upgrade -y && microdnf clean all\n',
    },
    {
      name: 'a clean before the install does not count',
      code: 'FROM fedora:40\nRUN dnf clean all && dnf install -y git\n',
      errors: ['dnf install'],
      output: 'FROM fedora:40\nRUN dnf clean all && dnf install -y git && dnf clean all\n',
    },
    {
      name: 'dnf (issue example)',
      code: 'FROM rockylinux:9\nRUN dnf install -y nginx\n',
      errors: ['dnf install'],
      output: 'FROM rockylinux:9\nRUN dnf install -y nginx && dnf clean all\n',
    },
    {
      name: 'yum',
      code: 'FROM centos:7\nRUN yum -y install httpd\n',
      errors: ['yum -y install'],
      output: 'FROM centos:7\nRUN yum -y install httpd && yum clean all\n',
    },
    {
      name: 'microdnf',
      code: 'FROM redhat/ubi9-minimal\nRUN microdnf install -y tar gzip\n',
      errors: ['microdnf install'],
      output: 'FROM redhat/ubi9-minimal\nRUN microdnf install -y tar gzip && microdnf clean all\n',
    },
    {
      name: 'zypper',
      code: 'FROM opensuse/leap:15\nRUN zypper -n in curl\n',
      errors: ['zypper -n in'],
      output: 'FROM opensuse/leap:15\nRUN zypper -n in curl && zypper clean --all\n',
    },
    {
      name: 'clean before the install does not count',
      code: 'FROM rockylinux:9\nRUN dnf clean all && dnf install -y nginx\n',
      errors: ['dnf install'],
      output: 'FROM rockylinux:9\nRUN dnf clean all && dnf install -y nginx && dnf clean all\n',
    },
    {
      name: 'continuation with a comment: trailing && style followed',
      code: 'FROM rockylinux:9\nRUN dnf install -y \\\n# web server\n      nginx && \\\n    nginx -v\n',
      errors: ['dnf install'],
      output:
        'FROM rockylinux:9\nRUN dnf install -y \\\n# web server\n      nginx && \\\n    nginx -v && \\\n    dnf clean all\n',
    },
    {
      name: 'heredoc',
      code: 'FROM fedora:40\nRUN <<EOF\nset -e\ndnf install -y gcc\nEOF\n',
      errors: ['dnf install'],
      output: 'FROM fedora:40\nRUN <<EOF\nset -e\ndnf install -y gcc\ndnf clean all\nEOF\n',
    },
    {
      name: 'escape directive',
      code: '# escape=`\nFROM rockylinux:9\nRUN dnf install -y nginx `\n    && nginx -v\n',
      errors: ['dnf install'],
      output:
        '# escape=`\nFROM rockylinux:9\nRUN dnf install -y nginx `\n    && nginx -v `\n    && dnf clean all\n',
    },
    {
      name: 'exec form: no fix',
      code: 'FROM rockylinux:9\nRUN ["dnf", "install", "-y", "nginx"]\n',
      errors: ['"dnf", "install"'],
      output: null,
    },
    {
      name: 'builder stage not shipped: information',
      code: 'FROM fedora:40 AS build\nRUN dnf install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n',
      errors: ['dnf install'],
      severity: 'info',
    },
    {
      name: 'ONBUILD',
      code: 'FROM rockylinux:9\nONBUILD RUN dnf install -y nginx\n',
      errors: ['dnf install'],
      output: 'FROM rockylinux:9\nONBUILD RUN dnf install -y nginx && dnf clean all\n',
    },
  ],
});
