-- Each service owns its database: players is created by the image, fleet here.
CREATE DATABASE fleet;
