# The Debian package (scripts/package → BUILD/madoguchi_VERSION_amd64.deb),
# made by CPack from this very build: what the tests ran is what is shipped.
#
#   /usr/bin/                      madoguchi-engine, madoguchi, the two workers, the report
#                                  drawer (the web desk starts it beside the engine)
#   /usr/share/madoguchi/          web/ (the desk's pages), templates/letters/,
#                                  schemas/, config/ (the shipped defaults, for reference)
#   /usr/lib/madoguchi/            madoguchi-backup (run by madoguchi-backup.service)
#   /etc/madoguchi/madoguchi.json  the society's configuration (a conffile; the data
#                                  folder's madoguchi.json is a symlink to it)
#   /lib/systemd/system/           the engine, worker@ and backup units, the backup timer
#   /var/lib/madoguchi             made by the postinst (0700, user madoguchi)
#
# The programs find their pages and templates beside themselves
# (util/install_paths.h), so the package needs no build of its own.
# MADOGUCHI_PACKAGE_VERSION in the environment of cpack overrides the version
# (the upgrade test makes version N and N+1 from one build).
install(TARGETS madoguchi-engine madoguchi madoguchi-letter-worker madoguchi-reminder-worker madoguchi-report-drawer
        RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION share/madoguchi/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/letters/ DESTINATION share/madoguchi/templates/letters)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/ DESTINATION share/madoguchi/schemas)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/ DESTINATION share/madoguchi/config)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/packaging/madoguchi-backup DESTINATION lib/madoguchi)
# The configuration `init` writes, from the engine itself (one source: EngineConfig::DefaultJson).
# (Not VERBATIM: the shell does the redirection.)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/packaging)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/packaging/madoguchi.json
                   COMMAND $<TARGET_FILE:madoguchi-engine> default-config > ${PROJECT_BINARY_DIR}/packaging/madoguchi.json
                   DEPENDS madoguchi-engine)
add_custom_target(madoguchi-default-config ALL DEPENDS ${PROJECT_BINARY_DIR}/packaging/madoguchi.json)
install(FILES ${PROJECT_BINARY_DIR}/packaging/madoguchi.json DESTINATION /etc/madoguchi
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
file(GLOB MADOGUCHI_UNITS ${PROJECT_SOURCE_DIR}/packaging/systemd/*.service ${PROJECT_SOURCE_DIR}/packaging/systemd/*.timer)
install(FILES ${MADOGUCHI_UNITS} DESTINATION /lib/systemd/system)
file(GLOB MADOGUCHI_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${MADOGUCHI_DOCS} ${PROJECT_SOURCE_DIR}/packaging/debian/copyright
        DESTINATION share/doc/madoguchi)
# Written at cpack time with the package's version (cmake/PackageVersion.cmake).
install(FILES ${PROJECT_BINARY_DIR}/packaging/changelog.gz DESTINATION share/doc/madoguchi)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME madoguchi)
set(CPACK_PACKAGE_VENDOR "Madoguchi developers")
# The society's IT vendor who builds the package puts its own address here.
set(MADOGUCHI_PACKAGE_MAINTAINER "Madoguchi developers <madoguchi@example.jp>"
    CACHE STRING "the Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${MADOGUCHI_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "request desk for APPI requests to a health insurance society")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Madoguchi takes each request a person makes under the Act on the Protection\n\
of Personal Information (purpose notice, disclosure, correction, suspension)\n\
from intake through identity verification and review to the response letter,\n\
on the Japanese business-day calendar, with every step on an audit record.\n\
The package holds the engine (a ZeroMQ command API and a web desk), the\n\
madoguchi client, the letter and reminder workers and their systemd units.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Letters need the Japanese fonts; the postinst makes a system user.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/PackageVersion.cmake)
set(MADOGUCHI_PACKAGING_DIR ${PROJECT_BINARY_DIR}/packaging)
set(MADOGUCHI_CHANGELOG_IN ${PROJECT_SOURCE_DIR}/packaging/debian/changelog.in)
# Read by cmake/PackageVersion.cmake at cpack time (CPackConfig.cmake carries
# every CPACK_ variable, so the two paths travel under that prefix).
set(CPACK_MADOGUCHI_PACKAGING_DIR ${MADOGUCHI_PACKAGING_DIR})
set(CPACK_MADOGUCHI_CHANGELOG_IN ${MADOGUCHI_CHANGELOG_IN})
set(CPACK_MADOGUCHI_MAINTAINER "${MADOGUCHI_PACKAGE_MAINTAINER}")
include(CPack)
